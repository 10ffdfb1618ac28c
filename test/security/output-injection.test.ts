// A property test: pull-request text with bot markers, backticks, HTML, mentions, links and
// terminal escapes, placed in every field of a report that a pull request controls, must come out
// of every renderer inert. Then the same strings through the CLI door, as metric keys, column
// names, file names and rule ids of an adopting pull request.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCheckOutput } from '../../src/github/check-output.js';
import { finding, type Report, type RuleResult } from '../../src/report/model.js';
import { renderErrorMarkdown } from '../../src/report/render-error.js';
import { READING_THE_REPORT_URL } from '../../src/report/render-footer.js';
import { renderMarkdown } from '../../src/report/render-markdown.js';
import { renderText } from '../../src/report/render-text.js';
import { cliHere } from '../support/cli-here.js';
import { GitFixture } from '../support/git-fixture.js';
import { hostileString, inertProblems, Random, terminalProblems } from './inert-output.js';

const CASES = Number(process.env.INJECTION_CASES ?? 300);
const allowed = (href: string) => href === READING_THE_REPORT_URL || href.startsWith('https://github.com/acme/');

function hostileRule(random: Random, index: number): RuleResult {
  const h = () => hostileString(random);
  const status = random.pick(['fail', 'error', 'warn', 'pass', 'skip'] as const);
  const findings = Array.from({ length: random.int(1, 3) }, () =>
    finding({
      check: random.pick(['min', 'max_drop', 'required', 'schema.removed', h()]),
      status: random.pick(['fail', 'error', 'warn', 'pass'] as const),
      subject: h(),
      // Engine sentences quote repository names in backticks.
      message: `\`${h()}\` dropped by 0.1 in \`${h()}\`: ${h()}`,
      observed: random.pick([0.5, h(), { head: { count: 1, mean: 1, min: 0, median: 1, max: 2 } }]),
      expected: random.pick([0.9, h()]),
      baseline: random.pick([0.95, h(), null]),
      file: `data/${h()}.csv`,
      line: random.int(1, 50),
      samples: [{ [h()]: h(), line: 2 }, h()],
      history: random.chance(0.3)
        ? [
            { sha: 'a'.repeat(40), value: 0.9 },
            { sha: 'b'.repeat(40), value: 0.91 },
          ]
        : undefined,
    }),
  );
  return {
    id: `${h()}-${index}`,
    kind: random.pick(['metrics', 'data-contract', 'benchmark']),
    severity: random.pick(['error', 'warning'] as const),
    status,
    summary: h(),
    findings,
    source: { file: `rules/${h()}.yml`, line: 3 },
  };
}

function hostileReport(random: Random): Report {
  const h = () => hostileString(random);
  const rules = Array.from({ length: random.int(1, 4) }, (_, i) => hostileRule(random, i));
  return {
    verdict: random.pick(['pass', 'fail', 'error'] as const),
    base: 'a'.repeat(40),
    head: 'b'.repeat(40),
    baseline: { sha: 'a'.repeat(40), method: 'merge-base', description: `merge-base of main and ${h()}` },
    headSource: 'commit',
    config: `.github/${h()}.yml`,
    rules,
    ruleFile: random.chance(0.5)
      ? {
          governing: random.pick(['baseline', 'head'] as const),
          reason: h(),
          changes: [{ id: h(), change: 'modified', details: [`min: 0.9 → ${h()}`, h()] }],
          headVerdict: 'pass',
        }
      : undefined,
    sharedRules: random.chance(0.3) ? { origin: 'acme/.github', file: h(), count: 1, label: `1 rule from ${h()}` } : undefined,
  };
}

describe('every renderer keeps pull-request text inert', () => {
  it(`${CASES} generated reports: no marker, mention, link, image or escape sequence comes out`, () => {
    const defects: string[] = [];
    for (let seed = 1; seed <= CASES; seed++) {
      const random = new Random(seed);
      const report = hostileReport(random);
      const run = { label: hostileString(random), url: `https://github.com/acme/models/actions/runs/1${hostileString(random)}` };
      const outputs: [string, string[]][] = [
        ['comment', inertProblems(renderMarkdown(report, { footer: { run } }), allowed)],
        ['check run summary', inertProblems(buildCheckOutput(report, 'error').summary, allowed)],
        ['error page', inertProblems(renderErrorMarkdown(hostileString(random)), allowed)],
        ['terminal', terminalProblems(renderText(report, { color: false }))],
      ];
      for (const [where, problems] of outputs) for (const p of problems) defects.push(`seed ${seed}, ${where}: ${p}`);
    }
    expect(defects.slice(0, 10)).toEqual([]);
  });
});

describe('hostile names through the CLI door', () => {
  const repo = GitFixture.init();
  afterAll(() => rmSync(repo.dir, { recursive: true, force: true }));

  it('metric keys, column names, file names and an adopting rule file stay inert in markdown and text', async () => {
    const base = repo.commit('base without rules', { 'README.md': 'models\n' });
    const defects: string[] = [];
    for (let seed = 1; seed <= 6; seed++) {
      const random = new Random(1000 + seed);
      // A file name cannot hold `/` or NUL; git refuses some control characters in paths too.
      const fileWord = hostileString(random)
        .replace(/[/\\\u0000-\u001f]/g, '_')
        .slice(0, 80);
      // A rule's own `file:` may not be a glob; a data glob picks up whatever names the PR adds.
      const metricsFile = `metrics/${fileWord.replace(/[[\]*?{}!]/g, '_')}.json`;
      const key = hostileString(random).replaceAll('.', '_');
      const column = hostileString(random).replace(/[\r\n",]/g, '_');
      // Rule ids are letters, digits, `.`, `_` and `-` (the loader refuses others).
      const id = `quality-${seed}`;
      repo.checkout(`pr-${seed}`, true);
      repo.git('reset', '-q', '--hard', base);
      const head = repo.commit('adopt the guardrails with hostile names', {
        '.github/ml-guardrails.yml': [
          'version: 1',
          'rules:',
          `  - id: ${id}`,
          '    kind: metrics',
          `    file: ${JSON.stringify(metricsFile)}`,
          '    metrics:',
          '      "*": { min: 0.9 }',
          '  - id: data',
          '    kind: data-contract',
          '    data: data/*.csv',
          '    columns:',
          `      ${JSON.stringify(column)}: { min: 0, max: 1 }`,
          '',
        ].join('\n'),
        [metricsFile]: { [key]: 0.1 },
        [`data/${fileWord}.csv`]: `${JSON.stringify(column)}\n5\n`,
      });
      for (const format of ['markdown', 'text'] as const) {
        const run = await cliHere(['check', '--base', base, '--head', head, '--format', format], repo.dir);
        expect(run.status, `seed ${seed} ${format}: ${run.stderr}`).toBe(1);
        const problems = format === 'markdown' ? inertProblems(run.stdout, allowed) : terminalProblems(run.stdout);
        for (const p of problems) defects.push(`seed ${seed}, ${format}: ${p}`);
      }
    }
    expect(defects).toEqual([]);
  });
});
