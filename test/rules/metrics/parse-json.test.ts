import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import type { Report } from '../../../src/report/model.js';
import { parseJson } from '../../../src/rules/parse-json.js';
import { GitFixture } from '../../support/git-fixture.js';

const BIN = path.resolve(import.meta.dirname, '../../../bin/ml-guardrails.js');
const fixtures: GitFixture[] = [];
afterEach(() => {
  for (const fixture of fixtures.splice(0)) fixture.cleanup();
});

function parseError(text: string): InputError {
  try {
    parseJson(text, 'm.json');
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('JSON metrics are read in one linear pass', () => {
  it('reads what JSON.parse reads, and NaN/Infinity as Python writes them', () => {
    const doc = { a: 1, b: [true, false, null, 'x\\"y\n'], c: { d: -1.5e-3, e: '' }, 'f.g': [] };
    expect(parseJson(JSON.stringify(doc, null, 2), 'm.json')).toEqual(doc);
    expect(parseJson('\ufeff{"a": NaN, "b": -Infinity}', 'm.json')).toEqual({ a: Number.NaN, b: -Infinity });
  });

  it('a key written twice in one object is an error naming the file and both lines', () => {
    const error = parseError('{\n  "accuracy": 0.5,\n  "f1": 0.9,\n  "accuracy": 0.99\n}\n');
    expect(error).toMatchObject({ file: 'm.json', line: 4, column: 3 });
    expect(error.message).toBe('m.json is not valid JSON: the key "accuracy" is written twice in the same object (first at line 2)');
    expect(parseError('{"a": {"b": 1, "b": 2}}').message).toContain('"b" is written twice');
    // The same key in sibling objects is no duplicate.
    expect(parseJson('[{"a": 1}, {"a": 2}]', 'm.json')).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('finds a duplicate among 50,000 keys', () => {
    const body = Array.from({ length: 50_000 }, (_, i) => `"k${i}": ${i}`);
    expect(Object.keys(parseJson(`{${body.join(',\n')}}`, 'm.json') as object)).toHaveLength(50_000);
    body.push('"k7": 0');
    expect(parseError(`{${body.join(',\n')}}`)).toMatchObject({ line: 50_001, message: expect.stringContaining('(first at line 8)') });
  });

  it('keeps a "__proto__" key as data and refuses nesting past 100 levels without overflowing the stack', () => {
    const parsed = parseJson('{"__proto__": {"polluted": 1}}', 'm.json') as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    for (const deep of ['['.repeat(1_000_000), '{"a":'.repeat(101)]) {
      expect(parseError(deep).message).toBe('m.json is not valid JSON: values are nested more than 100 levels deep');
    }
  });

  it("the CLI reports a duplicate metric in the head as that rule's error, with file and line", () => {
    const fx = GitFixture.init();
    fixtures.push(fx);
    const rules = 'version: 1\nrules:\n  - id: q\n    kind: metrics\n    file: m.json\n    metrics:\n      accuracy: { min: 0.9 }\n';
    fx.commit('base', { '.github/ml-guardrails.yml': rules, 'm.json': { accuracy: 0.95 } });
    // JSON.parse would keep the last value and pass; the first one is what a reader sees.
    fx.checkout('pr', true).commit('dup', { 'm.json': '{\n  "accuracy": 0.5,\n  "accuracy": 0.95\n}\n' });
    const result = spawnSync(process.execPath, [BIN, 'check', '--repo', fx.dir, '--base', 'main', '--format', 'json'], {
      encoding: 'utf8',
    });
    expect(result.status).not.toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.verdict).not.toBe('pass');
    const finding = report.rules[0]?.findings.find((f) => f.status === 'error');
    expect(finding).toMatchObject({ file: 'm.json', line: 3 });
    expect(finding?.message).toContain('"accuracy" is written twice');
  });
});

describe('the value limit', () => {
  it('stops at the first value past the limit, naming the file and the line', () => {
    const text = `{\n${Array.from({ length: 20 }, (_, i) => `"m${i}": ${i}`).join(',\n')}\n}`;
    expect(() => parseJson(text, 'm.json', 10)).toThrow(
      expect.objectContaining({ message: 'm.json holds more than 10 JSON values, the most that is read', file: 'm.json', line: 11 }),
    );
    expect(Object.keys(parseJson(text, 'm.json', 21) as object)).toHaveLength(20);
  });
});
