// DVCLive writes eval/metrics.json inside the folder output `eval` (md5 ….dir in dvc.lock), the
// default layout of DVC's own example project: the baseline is read through the folder's listing
// in the DVC cache, never taken as "new in this PR".
import { afterEach, describe, expect, it } from 'vitest';
import type { Report } from '../../../src/report/model.js';
import { cliHere } from '../../support/cli-here.js';
import {
  cacheFiles,
  dvcliveProject,
  type DvcLayout as Layout,
  listingFor,
  lockFor,
  md5,
  dvcliveMetrics as metrics,
  objectPath,
} from '../../support/dvclive-project.js';
import { GitFixture } from '../../support/git-fixture.js';

const BASE = metrics(0.9249359033173729);
const DROPPED = metrics(0.8599359033173729); // avg_prec.test 0.065 lower
const SAME = metrics(0.9251);

const RULES = `version: 1
rules:
  - id: model-quality
    kind: metrics
    file: eval/metrics.json
    metrics:
      avg_prec.test: { max_drop: 0.01 }
      roc_auc.test: { min: 0.9 }
  - id: pipeline-metrics
    kind: metrics
    file: dvc.yaml
    metrics:
      avg_prec.test: { max_drop: 0.01 }
`;

const fixtures: GitFixture[] = [];
afterEach(() => {
  for (const fixture of fixtures.splice(0)) fixture.cleanup();
});

/** main holds the baseline run; the PR commits its dvc.lock, and `dvc pull` put eval/ and the cache in place. */
function buildProject(layout: Layout, head: string, options: { cacheBaseline?: 'all' | 'listing' | 'none'; pulled?: boolean } = {}) {
  const fixture = GitFixture.init();
  fixtures.push(fixture);
  fixture.commit('DVC pipeline with DVCLive', {
    ...dvcliveProject(),
    'dvc.lock': lockFor(BASE, layout),
    '.github/ml-guardrails.yml': RULES,
  });
  fixture.checkout('bigrams', true);
  fixture.commit('Reproduce model using bigrams', { 'dvc.lock': lockFor(head, layout) });
  if (options.pulled !== false) fixture.write({ 'eval/metrics.json': head, ...cacheFiles(head, layout) });
  const cacheBaseline = options.cacheBaseline ?? 'all';
  const baseline = cacheFiles(BASE, layout);
  if (cacheBaseline === 'all') fixture.write(baseline);
  if (cacheBaseline === 'listing') fixture.write({ [objectPath(md5(listingFor(BASE)), layout, '.dir')]: listingFor(BASE) });
  return fixture;
}

async function check(fixture: GitFixture, extra: string[] = []) {
  const result = await cliHere(['check', '--base', 'main', '--format', 'json', ...extra], fixture.dir);
  expect(result.stderr).not.toMatch(/internal error/);
  return { code: result.status, report: JSON.parse(result.stdout) as Report };
}

const finding = (report: Report, rule: string, check: string) =>
  report.rules.find((r) => r.id === rule)?.findings.find((f) => f.check === check && f.subject === 'avg_prec.test');

describe('a metrics file inside a DVC folder output (DVCLive)', () => {
  for (const layout of ['dvc3', 'dvc2'] as const) {
    it(`fails when avg_prec drops, reading the baseline through the folder's listing (${layout})`, async () => {
      const fixture = buildProject(layout, DROPPED);
      expect(fixture.git('ls-files')).not.toContain('eval/metrics.json');
      const { code, report } = await check(fixture);
      expect(code).toBe(1);
      for (const rule of ['model-quality', 'pipeline-metrics']) {
        const drop = finding(report, rule, 'max_drop');
        expect(drop, rule).toMatchObject({ status: 'fail', observed: 0.8599359033173729, baseline: 0.9249359033173729 });
      }
    });

    it(`passes when avg_prec holds (${layout})`, async () => {
      const { code, report } = await check(buildProject(layout, SAME));
      expect(code).toBe(0);
      expect(finding(report, 'model-quality', 'max_drop')).toMatchObject({ status: 'pass', baseline: 0.9249359033173729 });
    });
  }

  it('a baseline listing missing from the cache names the dvc fetch to run, and never passes', async () => {
    const { code, report } = await check(buildProject('dvc3', SAME, { cacheBaseline: 'none' }));
    expect(code).toBe(1);
    const rule = report.rules.find((r) => r.id === 'model-quality')!;
    expect(rule.status).toBe('fail');
    const problem = rule.findings.find((f) => f.status === 'fail' && /dvc fetch/.test(f.message));
    expect(problem?.message).toMatch(/folder output eval .*listing is not in the local DVC cache.*dvc fetch --all-commits eval/);
    expect(JSON.stringify(report)).not.toMatch(/new in this PR|does not exist at/);
  });

  it('a listed object missing from the cache names the dvc fetch too', async () => {
    const { code, report } = await check(buildProject('dvc2', SAME, { cacheBaseline: 'listing' }));
    expect(code).toBe(1);
    const messages = report.rules.find((r) => r.id === 'model-quality')!.findings.map((f) => f.message);
    expect(messages.join('\n')).toMatch(/in the DVC folder output eval .*not in the local DVC cache.*dvc fetch --all-commits eval/);
  });

  it('without `dvc pull` the head is read from the cache too, and a missing head object says which fetch', async () => {
    const pulled = buildProject('dvc3', DROPPED, { pulled: false });
    pulled.write(cacheFiles(DROPPED, 'dvc3'));
    expect((await check(pulled)).code).toBe(1);

    const bare = buildProject('dvc3', DROPPED, { pulled: false });
    const { report } = await check(bare);
    const text = JSON.stringify(report);
    expect(text).toMatch(/dvc fetch eval/);
    expect(text).not.toMatch(/not recorded in dvc.lock/);
  });
});
