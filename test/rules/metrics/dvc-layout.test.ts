import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Report } from '../../../src/report/model.js';
import { cliHere } from '../../support/cli-here.js';
import { GitFixture } from '../../support/git-fixture.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const EXAMPLE = path.join(ROOT, 'fixtures', 'dvc', 'example-get-started');
const REAL_SCORES_MD5 = '8f7ae54edbbe9a222b693bce8985cb80';

const BASE_SCORES = '{\n    "avg_prec": 0.5568635649537572,\n    "roc_auc": 0.9472574041845239\n}';
const WORSE_SCORES = '{\n    "avg_prec": 0.5124,\n    "roc_auc": 0.9461\n}';
const RULES = `version: 1
rules:
  - id: model-quality
    kind: metrics
    file: scores.json
    metrics:
      avg_prec: { max_drop: 0.01 }
      roc_auc: { min: 0.9, max_drop: 0.01 }
  - id: pipeline-metrics
    kind: metrics
    file: dvc.yaml
    metrics:
      roc_auc: { max_drop_pct: 1 }
`;

type Layout = 'dvc3' | 'dvc2';
const fixtures: GitFixture[] = [];
afterEach(() => {
  for (const fixture of fixtures.splice(0)) fixture.cleanup();
});

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** example-get-started's dvc.lock with scores.json recorded at this content's hash (DVC 3 adds `hash: md5`). */
function lockFor(scores: string, layout: Layout): string {
  const lock = readFileSync(path.join(EXAMPLE, 'dvc.lock'), 'utf8').replace(REAL_SCORES_MD5, md5(scores));
  return layout === 'dvc3' ? lock.replace(/^( {4}- path: .*)$/gm, '$1\n      hash: md5') : lock;
}

/** Where DVC keeps an object in the project's cache. */
function cachePath(text: string, layout: Layout): string {
  const hash = md5(text);
  const folder = layout === 'dvc3' ? '.dvc/cache/files/md5' : '.dvc/cache';
  return `${folder}/${hash.slice(0, 2)}/${hash.slice(2)}`;
}

/**
 * A DVC project as `dvc repro` and `git commit` leave it: scores.json is a git-ignored pipeline
 * output, dvc.lock (in git) records its hash, and the content lives in the DVC cache. main
 * holds the baseline run; the PR branch commits a new dvc.lock and has its own scores.json in
 * the working tree, as after `dvc pull` in a workflow.
 */
function buildDvcProject(layout: Layout, cacheBaseline = true): GitFixture {
  const fixture = GitFixture.init();
  fixtures.push(fixture);
  fixture.commit('DVC pipeline', {
    '.gitignore': '/model.pkl\n/scores.json\n/prc.json\n/roc.json\n',
    '.dvc/.gitignore': '/config.local\n/tmp\n/cache\n',
    '.dvc/config': '[core]\n    remote = storage\n[\'remote "storage"\']\n    url = https://remote.dvc.org/get-started\n',
    'dvc.yaml': readFileSync(path.join(EXAMPLE, 'dvc.yaml'), 'utf8'),
    'dvc.lock': lockFor(BASE_SCORES, layout),
    '.github/ml-guardrails.yml': RULES,
  });
  fixture.checkout('smaller-model', true);
  fixture.commit('Fewer trees', { 'dvc.lock': lockFor(WORSE_SCORES, layout) });
  fixture.write({ 'scores.json': WORSE_SCORES, [cachePath(WORSE_SCORES, layout)]: WORSE_SCORES });
  if (cacheBaseline) fixture.write({ [cachePath(BASE_SCORES, layout)]: BASE_SCORES });
  return fixture;
}

async function check(fixture: GitFixture) {
  const result = await cliHere(['check', '--base', 'main', '--format', 'json'], fixture.dir);
  return { code: result.status, report: JSON.parse(result.stdout) as Report, stderr: result.stderr };
}

describe('a DVC project: metrics are pipeline outputs tracked by dvc.lock, not files in git', () => {
  for (const layout of ['dvc3', 'dvc2'] as const) {
    it(`a PR that worsens a DVC-tracked metric fails with the baseline from the cache (${layout} layout)`, async () => {
      const fixture = buildDvcProject(layout);
      expect(fixture.git('ls-files')).not.toContain('scores.json'); // really not in git
      const { code, report, stderr } = await check(fixture);
      expect(stderr).toBe('');
      expect(code).toBe(1);
      const quality = report.rules.find((rule) => rule.id === 'model-quality');
      const drop = quality?.findings.find((f) => f.check === 'max_drop' && f.subject === 'avg_prec');
      expect(drop).toMatchObject({ status: 'fail', observed: 0.5124, baseline: 0.5568635649537572, file: 'scores.json' });
      expect(quality?.findings.find((f) => f.check === 'max_drop' && f.subject === 'roc_auc')?.status).toBe('pass');
      // Through dvc.yaml's `metrics:` list, the same output is read the same way.
      const pipeline = report.rules.find((rule) => rule.id === 'pipeline-metrics');
      expect(pipeline?.findings.find((f) => f.check === 'max_drop_pct')).toMatchObject({ status: 'pass', baseline: 0.9472574041845239 });
    });
  }

  it('reads the head from the cache too when the working tree lacks the file, or when --head names a commit', async () => {
    const fixture = buildDvcProject('dvc3');
    fixture.remove('scores.json'); // after `dvc fetch` without `dvc checkout`
    const fromCache = await check(fixture);
    expect(fromCache.code).toBe(1);
    const drop = (report: Report) =>
      report.rules.find((rule) => rule.id === 'model-quality')?.findings.find((f) => f.check === 'max_drop' && f.subject === 'avg_prec');
    expect(drop(fromCache.report)).toMatchObject({ status: 'fail', observed: 0.5124 });
    fixture.checkout('main');
    const result = await cliHere(['check', '--head', 'smaller-model', '--base', 'main', '--format', 'json'], fixture.dir);
    expect(result.status).toBe(1);
    expect(drop(JSON.parse(result.stdout) as Report)).toMatchObject({ status: 'fail', observed: 0.5124, baseline: 0.5568635649537572 });
  });

  it('a baseline object that is not in the local cache says which dvc fetch to run', async () => {
    const fixture = buildDvcProject('dvc3', false);
    const { code, report } = await check(fixture);
    expect(code).toBe(1); // a baseline that exists but cannot be read fails, whatever on_missing says
    const missing = report.rules.find((rule) => rule.id === 'model-quality')?.findings.find((f) => f.subject === 'avg_prec');
    expect(missing?.check).toBe('baseline');
    const at = fixture.sha('main').slice(0, 7);
    expect(missing?.message).toBe(
      `no baseline for avg_prec: scores.json at ${at} is a DVC output (md5 ${md5(BASE_SCORES)} in dvc.lock) that is not in the local DVC cache, ` +
        'so max_drop is not checked; run `dvc fetch --all-commits scores.json`, then ml-guardrails again',
    );
  });

  it('a cache object whose content does not match its hash is not a baseline (a PR cannot plant one)', async () => {
    const fixture = buildDvcProject('dvc3', false);
    fixture.write({ [cachePath(BASE_SCORES, 'dvc3')]: '{"avg_prec": 0.1, "roc_auc": 0.1}' });
    const { report } = await check(fixture);
    const finding = report.rules.find((rule) => rule.id === 'model-quality')?.findings.find((f) => f.subject === 'avg_prec');
    expect(finding?.check).toBe('baseline');
    expect(finding?.message).toContain('not in the local DVC cache');
  });

  it('a metric defined in two DVC metrics files says to point `file:` at one', async () => {
    const fixture = GitFixture.init();
    fixtures.push(fixture);
    fixture.commit('two stages', {
      'dvc.yaml':
        'stages:\n  train:\n    cmd: t\n    metrics:\n    - train.json:\n        cache: false\n  evaluate:\n    cmd: e\n    metrics:\n    - eval.json:\n        cache: false\n',
      'train.json': { accuracy: 0.97 },
      'eval.json': { accuracy: 0.91 },
      '.github/ml-guardrails.yml':
        'version: 1\nrules:\n  - id: q\n    kind: metrics\n    file: dvc.yaml\n    metrics:\n      accuracy: { min: 0.9 }\n',
    });
    const { report } = await check(fixture);
    const finding = report.rules[0]?.findings.find((f) => f.subject === 'accuracy');
    expect(finding).toMatchObject({
      status: 'error',
      message: 'accuracy is defined in both train.json and eval.json; point `file:` at one of them',
      observed: null,
      expected: 'one definition',
    });
  });
});
