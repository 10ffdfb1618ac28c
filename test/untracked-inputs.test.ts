// The pull request that adopts the guardrails, in a workflow that ran `dvc pull` first: its own
// rules govern, and they read the untracked eval/metrics.json because the head's dvc.lock records
// that very content (DVC's example-get-started layout). Any other untracked file stays refused,
// with the reason and the way out, unless the operator lists it in ML_GUARDRAILS_UNTRACKED_INPUTS.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Report } from '../src/report/model.js';
import { cliHere } from './support/cli-here.js';
import { cacheFiles, dvcliveProject, lockFor, md5, dvcliveMetrics as metrics } from './support/dvclive-project.js';
import { GitFixture } from './support/git-fixture.js';

const BASE = metrics(0.9249359033173729);
const DROPPED = metrics(0.8599359033173729);
const SAME = metrics(0.9251);
const SECRET = '{"token": 4242424242}\n';

const RULES = `version: 1
rules:
  - id: model-quality
    kind: metrics
    file: eval/metrics.json
    metrics:
      avg_prec.test: { max_drop: 0.01 }
      roc_auc.test: { min: 0.9 }
`;
const STEALING_RULES = `version: 1
rules:
  - id: looks-like-metrics
    kind: metrics
    file: .ci-credentials.json
    metrics:
      token: { min: 0 }
`;

/** What `dvc pull` leaves: the folder output's files and its cache objects (the listing included). */
const pulled = (metricsText: string) => ({ 'eval/metrics.json': metricsText, ...cacheFiles(metricsText) });

const fixtures: GitFixture[] = [];
afterEach(() => {
  vi.unstubAllEnvs();
  for (const fixture of fixtures.splice(0)) fixture.cleanup();
});

/** main: a DVC project without guardrails; the PR adds the rule file and reruns the pipeline. */
function adoptingProject(head: string, rules = RULES) {
  const fixture = GitFixture.init();
  fixtures.push(fixture);
  fixture.commit('DVC pipeline with DVCLive', { ...dvcliveProject(), 'dvc.lock': lockFor(BASE) });
  fixture.checkout('adopt', true);
  fixture.commit('Adopt ml-guardrails', { '.github/ml-guardrails.yml': rules, 'dvc.lock': lockFor(head) });
  // The workflow ran `dvc pull` (this head's outputs and, with --all-commits, main's) before the step.
  fixture.write({ ...pulled(head), ...pulled(BASE), 'eval/metrics.json': head });
  return fixture;
}

async function check(fixture: GitFixture, format: 'json' | 'text' | 'markdown' = 'json') {
  const result = await cliHere(['check', '--base', 'main', '--format', format], fixture.dir);
  expect(result.stderr).not.toMatch(/internal error/);
  return result;
}

const json = async (fixture: GitFixture) => {
  const result = await check(fixture);
  const report = JSON.parse(result.stdout) as Report;
  const messages = report.rules.flatMap((rule) => rule.findings.map((f) => f.message)).join('\n');
  return { code: result.status, report, text: messages, raw: result.stdout };
};

describe('an adopting pull request reads what CI wrote only when it is safe', () => {
  it('reads eval/metrics.json that `dvc pull` wrote: the verdict comes from the data (0, then 1), not an error', async () => {
    const same = adoptingProject(SAME);
    expect(same.git('ls-files')).not.toContain('eval/metrics.json');
    const passed = await json(same);
    expect(passed.report.ruleFile).toMatchObject({ governing: 'head', reason: expect.stringMatching(/adopts the guardrails/) });
    expect(passed.code).toBe(0);

    const dropped = await json(adoptingProject(DROPPED));
    expect(dropped.code).toBe(1);
    const drop = dropped.report.rules[0]!.findings.find((f) => f.check === 'max_drop');
    expect(drop).toMatchObject({ status: 'fail', observed: 0.8599359033173729, baseline: 0.9249359033173729 });
  });

  it('a file on disk that is not what dvc.lock records (stale, or planted) is refused, saying so', async () => {
    const fixture = adoptingProject(SAME);
    fixture.write({ 'eval/metrics.json': DROPPED });
    const { code, text } = await json(fixture);
    expect(code).toBe(2);
    expect(text).toMatch(/"eval\/metrics.json" is not tracked by git, and its content is not what dvc.lock records/);
  });

  it('an untracked credentials file named by the adopting rules stays refused, with the reason and the way out', async () => {
    const fixture = adoptingProject(SAME, STEALING_RULES);
    // A record only counts as committed at the head: one lying untracked in the checkout is not read.
    const record = `outs:\n- md5: ${md5(SECRET)}\n  path: .ci-credentials.json\n  hash: md5\n`;
    fixture.write({ '.ci-credentials.json': SECRET, '.ci-credentials.json.dvc': record });
    const { code, text, raw } = await json(fixture);
    expect(code).toBe(2);
    expect(text).toMatch(/".ci-credentials.json" is not tracked by git, and no dvc.lock or .dvc file at the head records it/);
    expect(text).toMatch(
      /reads an untracked file only when a dvc.lock or .dvc file at its head records it .*ML_GUARDRAILS_UNTRACKED_INPUTS; see docs\/security.md/,
    );
    expect(raw).not.toContain('4242424242');
  });

  it('nor may the pull request record the credentials file as a DVC output: it cannot know its md5', async () => {
    const fixture = adoptingProject(SAME, STEALING_RULES);
    fixture.commit('claim the credentials are an output', {
      '.ci-credentials.json.dvc': `outs:\n- md5: ${md5('{"token": 1}\n')}\n  path: .ci-credentials.json\n  hash: md5\n`,
      '.gitignore': '/model.pkl\n/eval\n/.ci-credentials.json\n',
    });
    fixture.write({ '.ci-credentials.json': SECRET });
    const { code, text, raw } = await json(fixture);
    expect(code).toBe(2);
    expect(text).toMatch(/its content is not what .ci-credentials.json.dvc records/);
    expect(raw).not.toContain('4242424242');
  });

  it('the operator lists what the workflow wrote in ML_GUARDRAILS_UNTRACKED_INPUTS', async () => {
    const rules = RULES.replace('eval/metrics.json', 'reports/metrics.json').replace('avg_prec.test: { max_drop: 0.01 }\n', '');
    const fixture = adoptingProject(SAME, rules);
    fixture.write({ 'reports/metrics.json': SAME });
    expect((await json(fixture)).code).toBe(2);

    vi.stubEnv('ML_GUARDRAILS_UNTRACKED_INPUTS', 'reports/*.json, other/**');
    const { code, report } = await json(fixture);
    expect(code).toBe(0);
    expect(report.rules[0]!.findings[0]).toMatchObject({ status: 'pass', observed: 0.9624309181018001 });
  });

  it('a DVC 2 `.dvc` file hashed with LF is matched by the CRLF file on disk', async () => {
    const fixture = GitFixture.init();
    fixtures.push(fixture);
    fixture.commit('init', { 'README.md': 'project\n' });
    fixture.checkout('adopt', true);
    const lf = '{"auc": 0.93,\n "loss": 0.2}\n';
    fixture.commit('adopt', {
      '.github/ml-guardrails.yml':
        'version: 1\nrules:\n  - id: m\n    kind: metrics\n    file: metrics.json\n    metrics:\n      auc: { min: 0.9 }\n',
      'metrics.json.dvc': `outs:\n- md5: ${md5(lf)}\n  path: metrics.json\n`,
    });
    fixture.write({ 'metrics.json': lf.replaceAll('\n', '\r\n') });
    expect((await json(fixture)).code).toBe(0);
  });

  it('the text and markdown reports say that the head’s rules govern, and why', async () => {
    const fixture = adoptingProject(SAME);
    const text = await check(fixture, 'text');
    expect(text.stdout).toMatch(/rules: {4}\.github\/ml-guardrails\.yml \(the head's rules govern; .*adopts the guardrails\)/);
    const markdown = await check(fixture, 'markdown');
    expect(markdown.stdout).toMatch(/ℹ️ The head's rules govern: the working tree's rule file: .*adopts the guardrails\./);
  });
});
