import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateRule } from '../../../src/engine.js';
import { Repository } from '../../../src/git/repository.js';
import { GitFixture } from '../../support/git-fixture.js';
import { loadedRule, ruleInputs, runRule } from '../../support/rule-context.js';
import { evaluateMetrics, type Files } from './evaluate-metrics.js';

async function headOnly(files: Files, file: string, metrics: Record<string, unknown>) {
  return evaluateMetrics({ base: null, head: files, rule: { file, metrics } });
}

describe('metrics that cannot be checked', () => {
  it('a missing metric is an absent input like a missing file (on_missing: fail by default), naming the file and the likely key', async () => {
    const result = await headOnly({ 'm.json': { acuracy: 0.9 } }, 'm.json', { accuracy: { min: 0.5 } });
    expect(result.only('value', 'accuracy')).toMatchObject({
      status: 'fail',
      file: 'm.json',
      message: 'accuracy is missing from m.json; did you mean acuracy?',
    });
  });

  it('a mistyped key lists the nearest keys that exist, or some of the keys when none is near', async () => {
    const files = { 'm.json': { val_f1: 0.8, val_f2: 0.7, val_acc: 0.9, train_loss: 0.1 } };
    const near = await headOnly(files, 'm.json', { val_f: { min: 0.5 } });
    expect(near.only('value', 'val_f').message).toBe('val_f is missing from m.json; nearest keys: val_f1, val_f2');
    const far = await headOnly(files, 'm.json', { precision: { min: 0.5 } });
    expect(far.only('value', 'precision').message).toBe(
      'precision is missing from m.json; its keys are val_f1, val_f2, val_acc, train_loss',
    );
  });

  it('a metrics path that does not exist suggests the nearest existing path', async () => {
    // Committed files, as a repository's params.yaml is (suggestions come from what git tracks).
    const files = { 'params.yaml': 'lr: 0.1\n', 'eval/metrics.json': { accuracy: 0.9 } };
    const committed = (file: string, metrics: Record<string, unknown>) =>
      evaluateMetrics({ base: files, head: files, rule: { file, metrics } });
    const typo = await committed('param.yaml', { lr: { min: 0 } });
    expect(typo.only('file').message).toBe(
      'param.yaml does not exist in the working tree; expected the metrics to check; did you mean params.yaml?',
    );
    const moved = await committed('metrics.json', { accuracy: { min: 0.5 } });
    expect(moved.only('file').message).toMatch(/; did you mean eval\/metrics\.json\?$/);
  });

  it('NaN, infinite and string values are errors with file, key and line, in every format that can hold them', async () => {
    const cases: [Files, string, string, string, number][] = [
      [{ 'm.yaml': 'loss: 0.2\naccuracy: .nan\n' }, 'm.yaml', 'm.yaml', 'NaN', 2],
      [{ 'm.yaml': 'accuracy: -.inf\n' }, 'm.yaml', 'm.yaml', 'infinite (-Infinity)', 1],
      [{ 'm.csv': 'name,value\nloss,0.2\naccuracy,nan\n' }, 'm.csv', 'm.csv', 'NaN', 3],
      [{ 'm.csv': 'loss,accuracy\n0.3,0.8\n0.2,inf\n' }, 'm.csv', 'm.csv', 'infinite (Infinity)', 3],
      [{ 'run/metrics/accuracy': '1717000000000 0.9 0\n1717000000001 NaN 1\n' }, 'run', 'run/metrics/accuracy', 'NaN', 2],
      // Python's json.dump writes NaN and Infinity, which JSON.parse refuses.
      [{ 'm.json': '{\n  "loss": 0.2,\n  "accuracy": NaN\n}\n' }, 'm.json', 'm.json', 'NaN', 3],
      [{ 'm.json': '{"accuracy": Infinity}' }, 'm.json', 'm.json', 'infinite (Infinity)', 1],
      [{ 'm.json': '{\n  "accuracy": "0.93"\n}\n' }, 'm.json', 'm.json', 'the string "0.93"', 2],
      [{ 'm.json': '{\n  "accuracy": null\n}\n' }, 'm.json', 'm.json', 'empty (null)', 2],
    ];
    for (const [files, file, valueFile, problem, line] of cases) {
      const result = await headOnly(files, file, { accuracy: { min: 0.5 } });
      expect(result.only('value', 'accuracy'), `${file}: ${problem}`).toMatchObject({
        status: 'error',
        file: valueFile,
        line,
        subject: 'accuracy',
        message: `accuracy in ${valueFile} is ${problem}; expected a finite number`,
      });
      expect(result.findings.filter((f) => f.check === 'min')).toEqual([]);
    }
  });

  it('a key defined twice is ambiguous', async () => {
    const result = await headOnly({ 'm.json': '{"eval.f1": 0.8, "eval": {"f1": 0.9}}' }, 'm.json', { 'eval.f1': { min: 0.5 } });
    expect(result.only('value')).toMatchObject({
      message: 'eval.f1 is defined twice in m.json; keep one of the two',
      observed: null,
      expected: 'one definition',
    });
  });

  it('malformed JSON is an error with the line and what was expected', async () => {
    const result = await headOnly({ 'm.json': '{\n  "accuracy": 0.9,\n  "f1": \n}\n' }, 'm.json', { accuracy: { min: 0.5 } });
    expect(result.findings).toHaveLength(1);
    expect(result.only('file')).toMatchObject({
      status: 'error',
      file: 'm.json',
      line: 4,
      message: 'm.json is not valid JSON: expected a value, found "}"',
    });
  });

  it('malformed YAML and CSV are errors with their line', async () => {
    const yaml = await headOnly({ 'm.yaml': 'accuracy: 0.9\nf1: [0.8\nloss: 0.1\n' }, 'm.yaml', { accuracy: { min: 0.5 } });
    expect(yaml.only('file')).toMatchObject({ status: 'error', file: 'm.yaml' });
    expect(yaml.only('file').message).toMatch(/^m\.yaml is not valid YAML: /);
    // The `[` that is never closed, on line 2, is where the fix goes.
    expect(yaml.only('file').line).toBe(2);
    const csv = await headOnly({ 'm.csv': 'name,value\naccuracy,0.9\nf1,0.8,extra\n' }, 'm.csv', { accuracy: { min: 0.5 } });
    expect(csv.only('file')).toMatchObject({ status: 'error', line: 3, message: 'm.csv has 3 fields on line 3; the header has 2' });
    const mlflow = await headOnly({ 'run/metrics/accuracy': '0.9\n' }, 'run', { accuracy: { min: 0.5 } });
    expect(mlflow.only('file')).toMatchObject({ status: 'error', file: 'run/metrics/accuracy', line: 1 });
  });

  it('a path that escapes the repository is a clear error, also past the schema', async () => {
    const fixture = GitFixture.init();
    const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'mlg-outside-'));
    try {
      fixture.commit('init', { 'm.json': { accuracy: 0.9 } });
      writeFileSync(path.join(elsewhere, 'x.json'), '{"accuracy": 1}');
      symlinkSync(elsewhere, path.join(fixture.dir, 'outside'));
      const head = await (await Repository.open(fixture.dir)).workingTree();
      const init = { head, source: { file: '.github/ml-guardrails.yml', line: 7 } };
      const metrics = { accuracy: { min: 0.5 } };
      // The schema refuses the path when the rule file is read...
      expect(() => loadedRule('metrics', { file: '../x.json', metrics })).toThrow('points outside the repository');
      // ...and the rule refuses it again if options ever reach it another way.
      const unchecked = {
        ...loadedRule('metrics', { file: 'm.json', metrics }, init),
        options: { file: '../x.json', format: 'auto', metrics },
      };
      const escaped = await evaluateRule(unchecked, ruleInputs(init));
      expect(escaped.findings).toEqual([
        expect.objectContaining({
          check: 'file',
          status: 'error',
          file: '.github/ml-guardrails.yml',
          line: 7,
          message: 'path "../x.json" points outside the repository; paths in rule files must stay inside the repository',
        }),
      ]);
      const linked = await runRule('metrics', { file: 'outside/x.json', metrics }, init);
      expect(linked.findings[0]).toMatchObject({ check: 'file', status: 'error' });
      expect(linked.findings[0]?.message).toContain('points outside the repository');
    } finally {
      fixture.cleanup();
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('a metrics file missing at head is one finding that follows on_missing', async () => {
    for (const [policy, status] of [
      ['fail', 'fail'],
      ['warn', 'warn'],
      ['skip', 'skip'],
    ] as const) {
      const result = await evaluateMetrics({
        base: { 'metrics/eval.json': { accuracy: 0.9 } },
        head: {},
        on_missing: policy,
        rule: { file: 'metrics/eval.json', metrics: { accuracy: { min: 0.5, max_drop: 0.1 } } },
      });
      expect(result.findings).toHaveLength(1);
      expect(result.only('file')).toMatchObject({ status, file: 'metrics/eval.json' });
      expect(result.only('file').message).toMatch(/^metrics\/eval\.json does not exist in the working tree; expected the metrics to check/);
    }
  });
});
