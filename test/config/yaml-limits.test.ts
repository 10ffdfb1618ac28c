import { afterEach, describe, expect, it } from 'vitest';
import { YamlSource } from '../../src/config/yaml-source.js';
import { ConfigError } from '../../src/errors.js';
import type { Report } from '../../src/report/model.js';
import { cliHere } from '../support/cli-here.js';
import { GitFixture } from '../support/git-fixture.js';

const fixtures: GitFixture[] = [];
afterEach(() => {
  for (const fixture of fixtures.splice(0)) fixture.cleanup();
});

function parseError(text: string): ConfigError {
  try {
    YamlSource.parse('rules.yml', text);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

/** Nine aliases of nine aliases, seven levels: 9^7 strings once expanded. */
function aliasBomb(): string {
  const names = 'abcdefg';
  let text = `${names[0]}: &${names[0]} [x, x, x, x, x, x, x, x, x]\n`;
  for (let level = 1; level < names.length; level++) {
    const previous = `*${names[level - 1]}`;
    text += `${names[level]}: &${names[level]} [${Array(9).fill(previous).join(', ')}]\n`;
  }
  return text;
}

describe('YAML reading is linear and bounded', () => {
  it('finds a duplicate key among 50,000 with its line and the first one', () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `k${i}: ${i}`);
    lines.push('k123: again');
    const error = parseError(`${lines.join('\n')}\n`);
    expect(error).toMatchObject({ file: 'rules.yml', line: 50_001, column: 1 });
    expect(error.message).toBe('YAML syntax error: the key "k123" is written twice in the same map (first at line 124)');
    expect(YamlSource.parse('rules.yml', lines.slice(0, -1).join('\n')).data).toMatchObject({ k0: 0, k49999: 49_999 });
  });

  it('treats keys that become the same object key as duplicates, in nested maps too', () => {
    expect(parseError('a:\n  1: x\n  "1": y\n')).toMatchObject({ line: 3, message: expect.stringContaining('"1" is written twice') });
    expect(parseError('{a: 1, b: {c: 1, c: 2}}')).toMatchObject({ line: 1, column: 18 });
    expect(parseError('? [a]\n: 1\n').message).toContain('a map key must be a name or a number');
  });

  it('refuses an alias bomb and deep nesting with a clear error naming the file', () => {
    const bomb = parseError(aliasBomb());
    expect(bomb.file).toBe('rules.yml');
    expect(bomb.message).toMatch(/aliases .* alias bomb/);
    for (const deep of [
      '['.repeat(5000) + ']'.repeat(5000),
      `${'{a: '.repeat(150)}1${'}'.repeat(150)}`,
      Array.from({ length: 120 }, (_, i) => `${' '.repeat(i)}a:`).join('\n'),
      '['.repeat(101) + ']'.repeat(101),
    ]) {
      const error = parseError(deep);
      expect(error.file).toBe('rules.yml');
      expect(error.message).toMatch(/nested more than 100 levels deep/);
    }
    expect(YamlSource.parse('rules.yml', '['.repeat(99) + ']'.repeat(99)).data).toBeDefined();
  });

  it('the CLI exits 2 with file and line for a rule file with a duplicate key', async () => {
    const fx = GitFixture.init();
    fixtures.push(fx);
    const rules = 'version: 1\nrules:\n  - id: q\n    kind: metrics\n    file: m.json\n    metrics:\n      accuracy: { min: 0.9 }\n';
    fx.commit('base', { '.github/ml-guardrails.yml': rules, 'm.json': { accuracy: 0.95 } });
    fx.write({ '.github/ml-guardrails.yml': `${rules}    metrics:\n      accuracy: { min: 0.1 }\n` });
    const result = await cliHere(['check', '--repo', fx.dir, '--base', 'main', '--format', 'json'], fx.dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('.github/ml-guardrails.yml:8');
    expect(result.stderr).toContain('"metrics" is written twice');
  });

  it("the CLI reports a metrics YAML alias bomb as that rule's error, naming the file", async () => {
    const fx = GitFixture.init();
    fixtures.push(fx);
    const rules = 'version: 1\nrules:\n  - id: q\n    kind: metrics\n    file: m.yaml\n    metrics:\n      accuracy: { min: 0.9 }\n';
    fx.commit('base', { '.github/ml-guardrails.yml': rules, 'm.yaml': 'accuracy: 0.95\n' });
    fx.checkout('pr', true).commit('bomb', { 'm.yaml': `accuracy: 0.95\n${aliasBomb()}` });
    const result = await cliHere(['check', '--repo', fx.dir, '--base', 'main', '--format', 'json'], fx.dir);
    const report = JSON.parse(result.stdout) as Report;
    const finding = report.rules[0]?.findings.find((f) => f.status === 'error');
    expect(finding?.file).toBe('m.yaml');
    expect(finding?.message).toMatch(/m\.yaml is not valid YAML: .*alias bomb/);
  });
});
