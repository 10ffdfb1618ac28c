import { afterEach, describe, expect, it } from 'vitest';
import { writeRecords } from '../../../src/git/notes.js';
import { Repository } from '../../../src/git/repository.js';
import type { BaselineInfo } from '../../../src/report/model.js';
import { cliHere } from '../../support/cli-here.js';
import { GitFixture } from '../../support/git-fixture.js';
import { runRule } from '../../support/rule-context.js';

/*
 * `baseline: notes` for metrics the workflow produces instead of committing: the default
 * branch's run keeps them as a note on its commit; a pull request compares with that note.
 */
const rule = { file: 'metrics/eval.json', baseline: 'notes', metrics: { accuracy: { max_drop: 0.01 } } };

describe('metrics baseline from git notes', () => {
  const fixtures: GitFixture[] = [];
  afterEach(() => {
    for (const fixture of fixtures.splice(0)) fixture.cleanup();
  });

  it('records the default branch metrics and judges a pull request against them', async () => {
    const git = GitFixture.init();
    fixtures.push(git);
    const main = git.commit('train', { '.gitignore': 'metrics/\n', 'train.py': 'print(1)\n' });
    git.write({ 'metrics/eval.json': { accuracy: 0.91 } });
    const onMain = await runRule('metrics', rule, { head: await (await Repository.open(git.dir)).workingTree(), baselineInfo: none() });
    expect(onMain.records).toEqual([
      {
        type: 'note',
        notesRef: 'refs/notes/ml-guardrails',
        commit: main,
        key: 'test-rule',
        data: { version: 1, metrics: { accuracy: 0.91 } },
      },
    ]);
    await writeRecords(git.dir, onMain.records!);

    git.checkout('retrain', true);
    git.commit('retrain', { 'train.py': 'print(2)\n' });
    git.write({ 'metrics/eval.json': { accuracy: 0.87 } });
    const mergeBase: BaselineInfo = { sha: main, method: 'merge-base', description: `merge-base ${main.slice(0, 7)}` };
    const pr = await runRule('metrics', rule, { head: await (await Repository.open(git.dir)).workingTree(), baselineInfo: mergeBase });
    const drop = pr.findings.find((f) => f.check === 'max_drop');
    expect(drop).toMatchObject({ status: 'fail', subject: 'accuracy', baseline: 0.91, observed: 0.87 });
    expect(pr.status).toBe('fail');
  });

  it('says plainly when no ancestor has a note', async () => {
    const git = GitFixture.init();
    fixtures.push(git);
    const main = git.commit('train', { 'metrics/eval.json': { accuracy: 0.9 } });
    const mergeBase: BaselineInfo = { sha: main, method: 'merge-base', description: 'merge-base' };
    const result = await runRule('metrics', rule, { head: await (await Repository.open(git.dir)).workingTree(), baselineInfo: mergeBase });
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ check: 'baseline', status: 'fail', subject: 'accuracy' });
    expect(result.findings[0]!.message).toMatch(/no note with these metrics on .* run the workflow on the default branch/);
  });
});

describe('notes are pushed without review: the CLI fails closed on a tampered note, and names the notes it used', () => {
  const fixtures: GitFixture[] = [];
  afterEach(() => {
    for (const fixture of fixtures.splice(0)) fixture.cleanup();
  });
  const RULES = `version: 1\nrules:\n  - id: quality\n    kind: metrics\n    file: metrics/eval.json\n    baseline: notes\n    metrics:\n      accuracy: { max_drop: 0.01 }\n`;

  function repoWithNote(note: unknown): GitFixture {
    const git = GitFixture.init();
    fixtures.push(git);
    const main = git.commit('rules', { '.github/ml-guardrails.yml': RULES, '.gitignore': 'metrics/\n' });
    git.git('notes', '--ref', 'ml-guardrails', 'add', '-m', JSON.stringify({ quality: note }), main);
    git.checkout('pr', true);
    git.commit('retrain', { 'train.py': 'print(2)\n' });
    git.write({ 'metrics/eval.json': { accuracy: 0.5 } });
    return git;
  }

  for (const [what, value, described] of [
    ['a string', '0.95', 'the string "0.95"'],
    ['an object', { value: 0.95 }, 'an object'],
  ] as const) {
    it(`a note whose metric is ${what} is an error naming the note and the key, not a skipped max_drop`, async () => {
      const git = repoWithNote({ version: 1, metrics: { accuracy: value } });
      const run = await cliHere(['check', '--base', 'main', '--format', 'json'], git.dir);
      const report = JSON.parse(run.stdout);
      expect(run.status, run.stderr).toBe(2);
      expect(report.rules[0]).toMatchObject({ id: 'quality', status: 'error' });
      const sha = git.sha('main').slice(0, 7);
      expect(report.rules[0].findings[0].message).toContain(
        `the note on ${sha} (refs/notes/ml-guardrails): "quality" metric "accuracy" is ${described}, not a finite number`,
      );
    });
  }

  it('the report names the measured commit and the notes ref commit the baseline came from', async () => {
    const git = repoWithNote({ version: 1, metrics: { accuracy: 0.95 } });
    const run = await cliHere(['check', '--base', 'main', '--format', 'json'], git.dir);
    expect(run.status, run.stderr).toBe(1);
    const tip = git.sha('refs/notes/ml-guardrails').slice(0, 7);
    expect(run.stdout).toContain(`in the note on ${git.sha('main').slice(0, 7)} (refs/notes/ml-guardrails at ${tip})`);
  });
});

function none(): BaselineInfo {
  return { sha: null, method: 'none', description: 'no baseline: the default branch itself' };
}
