// Text from the pull request's files (metric keys, slice names, column names, data values) must
// stay inert in every markdown output: no link, image or HTML renders, nobody is mentioned, no
// table breaks, and a huge name cannot crowd the findings out of GitHub's size limit.
import { rmSync } from 'node:fs';
import { marked } from 'marked';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { finding, type Report } from '../../src/report/model.js';
import { renderErrorMarkdown } from '../../src/report/render-error.js';
import { READING_THE_REPORT_URL } from '../../src/report/render-footer.js';
import { renderMarkdown } from '../../src/report/render-markdown.js';
import { GitFixture } from '../support/git-fixture.js';

const LINK = '[click me](https://evil.example/phish)';
const IMAGE = '![x](https://evil.example/track.png)';
const HTML = '<img src=x onerror=alert(1)><script>alert(2)</script>';
const HOSTILE = `${LINK} ${IMAGE} ${HTML} @octocat #1 | cell \`code\` $x$ ~~gone~~`;
/** A metric key has no dots (they separate its levels). */
const HOSTILE_KEY = '[click me](https://evil/phish) <img src=x onerror=alert(1)> @octocat #1 | cell `code`';

/** Everything a renderer must never let through, checked on the HTML a GFM renderer makes. */
function expectInert(markdown: string): string {
  const html = marked.parse(markdown, { gfm: true, async: false });
  expect(html).not.toMatch(/<img|<script/i);
  const links = [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
  expect(links.filter((href) => href !== READING_THE_REPORT_URL && !href!.startsWith('https://github.com/acme/'))).toEqual([]);
  // Inside code GitHub neither mentions nor links; everywhere else the text must be defused.
  // (the links were checked above).
  const prose = html.replace(/<code>[\s\S]*?<\/code>|<pre>[\s\S]*?<\/pre>|<a href[\s\S]*?<\/a>/g, '');
  expect(prose).not.toMatch(/@octocat|#1\b|https:\/\//);
  expect(prose).toMatch(/@\u200boctocat/);
  expect(html).not.toMatch(/<del>/);
  // Every row of every table keeps its number of cells: no pipe from a name split one.
  for (const table of html.split('<table>').slice(1)) {
    const widths = [...table.split('</table>')[0]!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => (row[1]!.match(/<t[dh]/g) ?? []).length);
    expect(new Set(widths).size).toBe(1);
  }
  return html;
}

describe('repository text in the markdown renderers', () => {
  const report: Report = {
    verdict: 'fail',
    base: 'a'.repeat(40),
    head: 'b'.repeat(40),
    baseline: { sha: 'a'.repeat(40), method: 'merge-base', description: `merge-base of main and ${HOSTILE}` },
    headSource: 'commit',
    config: '.github/ml-guardrails.yml',
    rules: [
      {
        id: `data ${HOSTILE}`,
        kind: 'data-contract',
        severity: 'error',
        status: 'fail',
        summary: HOSTILE,
        findings: [
          finding({
            check: 'required',
            status: 'fail',
            subject: HOSTILE,
            message: `3 rows with \`${HOSTILE}\` null and ${HOSTILE}`,
            observed: { rows: 3, total: 10, fraction: 0.3 },
            expected: 0,
            file: `data/${HOSTILE}.csv`,
            line: 2,
            samples: [{ [HOSTILE]: HOSTILE, line: 2 }, '```\n<script>x</script>'],
          }),
          finding({ check: HOSTILE, status: 'pass', subject: HOSTILE, message: HOSTILE, observed: HOSTILE, expected: HOSTILE }),
        ],
      },
    ],
  };

  it('renders links, images, HTML and mentions as plain text', () => {
    const html = expectInert(
      renderMarkdown(report, { footer: { run: { label: HOSTILE, url: 'https://github.com/acme/x)[y](https://evil.example' } } }),
    );
    // The reader still sees the text, as text.
    expect(html).toContain('[click me](https:\u200b//evil.example/phish)');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('keeps the error page inert', () => {
    expectInert(renderErrorMarkdown(`${HOSTILE}\nsecond line ${HOSTILE}`));
  });

  it('shortens long names with an ellipsis', () => {
    const long = 'n'.repeat(5000);
    const md = renderMarkdown({
      ...report,
      rules: [{ ...report.rules[0]!, id: long, findings: [{ ...report.rules[0]!.findings[0]!, subject: long }] }],
    });
    expect(md.length).toBeLessThan(8000);
    expect(md).toMatch(/`n{30,}…`/);
  });
});

describe('repository text through the CLI (--format markdown)', () => {
  const repo = GitFixture.init();
  afterAll(() => rmSync(repo.dir, { recursive: true, force: true }));

  it('keeps hostile slice names inert and a 100 KB metric key short', async () => {
    repo.commit('model', {
      '.github/ml-guardrails.yml': [
        'version: 1',
        'rules:',
        '  - id: quality',
        '    kind: metrics',
        '    file: metrics/eval.json',
        '    metrics:',
        '      "slices.*.accuracy": { min: 0.85, max_gap: 0.08 }',
        '      "*": { min: 0.5 }',
        '',
      ].join('\n'),
      'metrics/eval.json': { slices: { a: { accuracy: 0.9 }, b: { accuracy: 0.91 } } },
    });
    repo.checkout('pr', true);
    const head = repo.commit('hostile names', {
      'metrics/eval.json': {
        slices: { [HOSTILE_KEY]: { accuracy: 0.5 }, b: { accuracy: 0.91 } },
        [`k${'x'.repeat(100_000)}`]: 0.1,
      },
    });
    let out = '';
    const code = await runCli(['check', '--repo', repo.dir, '--base', 'main', '--head', head, '--format', 'markdown'], {
      stdout: (t) => {
        out += t;
      },
      stderr: (t) => {
        out += t;
      },
      isTTY: false,
      cwd: repo.dir,
    });
    expect(code, out.slice(0, 2000)).toBe(1);
    expect(out.startsWith('### ❌ ML Guardrails: Merge blocked')).toBe(true);
    expect(out.length).toBeLessThan(20_000);
    const html = expectInert(out);
    expect(html).toContain('[click me](https:\u200b//evil/phish)');
    expect(out).toMatch(/kx{20,}…/);
  });
});
