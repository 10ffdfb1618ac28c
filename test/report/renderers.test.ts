import { describe, expect, it } from 'vitest';
import { finding, type Report } from '../../src/report/model.js';
import { READING_THE_REPORT_URL } from '../../src/report/render-footer.js';
import { renderJson } from '../../src/report/render-json.js';
import { renderMarkdown } from '../../src/report/render-markdown.js';
import { renderText } from '../../src/report/render-text.js';
import { reportVerdict, ruleStatus } from '../../src/report/status.js';

const report: Report = {
  verdict: 'fail',
  base: 'a'.repeat(40),
  head: 'b'.repeat(40),
  baseline: { sha: 'a'.repeat(40), method: 'merge-base', description: 'merge-base of main (the default branch) and bbbbbbb' },
  headSource: 'working tree',
  config: '.github/ml-guardrails.yml',
  rules: [
    {
      id: 'speed',
      kind: 'metrics',
      severity: 'warning',
      status: 'pass',
      summary: '1 of 1 checks passed',
      findings: [
        finding({ check: 'max', status: 'pass', message: 'latency 10 is at most 20', subject: 'latency', observed: 10, expected: '<= 20' }),
      ],
    },
    {
      id: 'quality',
      kind: 'metrics',
      severity: 'error',
      status: 'fail',
      summary: 'accuracy dropped by 0.03',
      findings: [
        finding({
          check: 'min',
          status: 'pass',
          message: 'accuracy 0.9 is at least 0.85',
          subject: 'accuracy',
          observed: 0.9,
          expected: '>= 0.85',
        }),
        finding({
          check: 'max_drop',
          status: 'fail',
          message: 'accuracy dropped by 0.03 (0.93 → 0.9); at most 0.01 allowed',
          subject: 'accuracy',
          observed: 0.9,
          baseline: 0.93,
          expected: 'drop <= 0.01',
          file: 'metrics/eval.json',
          line: 2,
          samples: [{ row: 3, value: '<b>x|y</b>' }],
        }),
      ],
    },
  ],
};

describe('renderJson', () => {
  it('keeps the documented shape with every finding field present', () => {
    const parsed = JSON.parse(renderJson(report));
    expect(Object.keys(parsed)).toEqual(expect.arrayContaining(['verdict', 'base', 'head', 'rules']));
    expect(Object.keys(parsed.rules[1])).toEqual(expect.arrayContaining(['id', 'kind', 'severity', 'status', 'summary', 'findings']));
    expect(Object.keys(parsed.rules[0].findings[0])).toEqual(
      expect.arrayContaining(['check', 'status', 'message', 'observed', 'expected', 'baseline', 'file', 'line']),
    );
    expect(parsed.rules[0].findings[0].baseline).toBeNull();
  });
});

describe('renderMarkdown', () => {
  const md = renderMarkdown(report);
  it('opens with the verdict, its counts and the baseline in a few words', () => {
    expect(md.split('\n')[0]).toBe('### ❌ ML Guardrails: Merge blocked (1 failed, 1 passed, of 2 rules)');
    expect(md).toContain('Compared with `aaaaaaa`, the merge-base with main.');
  });
  it('says each blocking rule in one line and puts what failed in one five-column table', () => {
    expect(md).toContain('- ❌ `quality`: accuracy dropped by 0.03 (0.93 → 0.9); at most 0.01 allowed\n');
    expect(md).toContain('| rule | what | head | baseline | allowed |\n| --- | --- | --- | --- | --- |\n');
    expect(md).toContain('| ❌ `quality` | accuracy fell | 0.9 | 0.93 | drop ≤ 0.01 |');
    expect(md.indexOf('**What next?**')).toBeLessThan(md.indexOf('<details>'));
  });
  it('folds the explanation, the examples and what passed', () => {
    const folded = md.slice(md.indexOf('<details>'));
    expect(folded).toContain('accuracy dropped by 0.03 (0.93 → 0.9); at most 0.01 allowed (`metrics/eval.json:2`)');
    expect(folded).toContain('Examples for accuracy (1 of 1):');
    expect(folded).toContain('| ✅ accuracy minimum | 0.9 |  | ≥ 0.85 |');
    expect(folded).toContain('<summary>1 rule without problems: <code>speed</code></summary>');
  });
  it('ends with a footer naming the rule file, the version, the run and the reading guide', () => {
    const withRun = renderMarkdown(report, { footer: { toolVersion: '1.2.3', run: { label: 'workflow run', url: 'https://x/runs/1' } } });
    expect(withRun.trimEnd().split('\n').at(-1)).toBe(
      '<sub>rules from `.github/ml-guardrails.yml` · ml-guardrails 1.2.3 · [workflow run](https://x/runs/1) · head `bbbbbbb` · ' +
        `[reading this report](${READING_THE_REPORT_URL})</sub>`,
    );
  });
  it('draws the history of a failing metric when the rule read it from git', () => {
    const history = [
      { sha: 'c'.repeat(40), value: 0.93 },
      { sha: 'd'.repeat(40), value: 0.931 },
    ];
    const quality = report.rules[1]!;
    const withHistory: Report = {
      ...report,
      rules: [{ ...quality, findings: quality.findings.map((f) => (f.status === 'fail' ? { ...f, history } : f)) }],
    };
    expect(renderMarkdown(withHistory)).toContain(
      [
        '```mermaid',
        'xychart-beta',
        '  title "accuracy on the default branch, then this pull request"',
        '  x-axis ["ccccccc", "ddddddd", "head"]',
      ].join('\n'),
    );
  });
});

describe('renderText', () => {
  it('is plain without colour and shows problems with their numbers', () => {
    const text = renderText(report, { color: false });
    expect(text.split('\n')[0]).toBe('FAIL  Merge blocked (1 failed, 1 passed, of 2 rules)');
    expect(text).toContain(
      '✗ accuracy dropped by 0.03 (0.93 → 0.9); at most 0.01 allowed (head 0.9; baseline 0.93; allowed drop ≤ 0.01; delta −0.03 (−3.23%)) [metrics/eval.json:2]',
    );
    expect(text).toContain('✓ 1 check passed');
    expect(text).not.toContain('\u001b[');
  });
  it('shows a failure inside a warning-severity rule as a warning', () => {
    const warned: Report = {
      ...report,
      rules: [
        { ...report.rules[0]!, status: 'warn', findings: [finding({ check: 'max', status: 'fail', message: 'latency 30 is above 20' })] },
      ],
    };
    expect(renderText(warned, { color: false })).toContain('    ! latency 30 is above 20');
    expect(renderMarkdown(warned)).toContain('| ⚠️ `speed` | too high |');
  });

  it('adds colour when asked', () => {
    expect(renderText(report, { color: true })).toContain('\u001b[');
  });
});

describe('status rules', () => {
  it('turns failures of warning rules into warn and never blocks on them', () => {
    const fails = [finding({ check: 'x', status: 'fail', message: 'm' })];
    expect(ruleStatus(fails, 'warning')).toBe('warn');
    expect(ruleStatus(fails, 'error')).toBe('fail');
    expect(reportVerdict([{ severity: 'warning', status: 'warn' }])).toBe('pass');
    expect(
      reportVerdict([
        { severity: 'error', status: 'fail' },
        { severity: 'error', status: 'error' },
      ]),
    ).toBe('error');
    expect(reportVerdict([{ severity: 'error', status: 'skip' }])).toBe('pass');
  });
});

describe('rule changes and acceptances', () => {
  it('says first when the pull request changes the rules, and folds the changes', () => {
    const md = renderMarkdown({
      ...report,
      ruleFile: {
        governing: 'baseline',
        reason: 'the base has a rule file',
        changes: [{ id: 'quality', change: 'modified', details: ['max_drop: 0.01 → 0.5'] }],
        headVerdict: 'pass',
      },
    });
    expect(md).toContain(
      "⚠️ This pull request changes 1 rule; the baseline's rules judged it, and the new ones govern once merged. With them the verdict would be **pass**.",
    );
    expect(md).toContain('- `quality` modified\n  - max\\_drop: 0.01 → 0.5');
  });
  it('shows a rule a reviewer accepted as not counted, with who and why, and never pings', () => {
    const quality = report.rules[1]!;
    const note = finding({ check: 'accepted', status: 'warn', message: 'Accepted by @octocat for bbbbbbb: retrained on purpose' });
    const md = renderMarkdown({
      ...report,
      verdict: 'pass',
      rules: [report.rules[0]!, { ...quality, status: 'skip', findings: [note, ...quality.findings] }],
    });
    expect(md.split('\n')[0]).toBe('### ✅ ML Guardrails: Nothing blocks the merge (1 passed, 1 skipped, of 2 rules)');
    expect(md).toContain('| ⏭️ `quality` | accuracy fell | 0.9 | 0.93 | drop ≤ 0.01 |');
    expect(md).toContain('| ⏭️ | Accepted by @\u200boctocat for bbbbbbb: retrained on purpose |  |  |  |');
  });
});

describe('what next', () => {
  it('tells the contributor which file to look at when a rule could not be evaluated', () => {
    const quality = report.rules[1]!;
    const broken = finding({
      check: 'file',
      status: 'error',
      message: 'metrics/eval.json is not valid JSON (line 3)',
      file: 'metrics/eval.json',
      line: 3,
    });
    const md = renderMarkdown({ ...report, verdict: 'error', rules: [{ ...quality, status: 'error', findings: [broken] }] });
    expect(md.split('\n')[0]).toBe(
      '### 🛑 ML Guardrails: Merge blocked: a guardrail could not be evaluated (1 could not be evaluated, of 1 rule)',
    );
    expect(md).toContain('| 🛑 `quality` | metrics/eval.json is not valid JSON (line 3) |  |  |  |');
    expect(md).toContain('its fold names the file that is missing or unreadable');
  });
});
