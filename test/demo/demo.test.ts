// `npm run demo` as a person runs it: both doors on the sample pull request, a terminal report
// that fits a screen, and the PR comments written to a page that headless Chromium draws as
// GitHub does (the comment's table, the drift chart as SVG, no script but the page's own).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { ROOT } from '../app/app-process.js';
import { renderCommentPage } from '../report/comment-page.js';
import { GitHubPage } from '../report/github-page.js';

const exec = promisify(execFile);
/** The bound for `npm run demo`, less the 4 lines npm prints around the script. */
const MAX_LINES = 60 - 4;

describe('npm run demo', { timeout: 180_000 }, () => {
  let browser: GitHubPage;
  beforeAll(async () => {
    browser = await GitHubPage.open();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  function scratchFolder(): string {
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'mlg-demo-test-'));
    onTestFinished(() => rmSync(scratch, { recursive: true, force: true }));
    return scratch;
  }

  it('prints each door in under 60 lines, exits 0 when both block, and writes the comments drawn as on GitHub', async () => {
    const page = path.join(scratchFolder(), 'comment.html');
    // The script line of `npm run demo` (package.json); a non-zero exit rejects.
    const { stdout } = await exec(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', '--page', page], { cwd: ROOT });
    const lines = stdout.trimEnd().split('\n');
    expect(lines.length, stdout).toBeLessThanOrEqual(MAX_LINES);
    expect(stdout).not.toMatch(/<details>|```|&gt;/);
    expect(stdout.match(/check run "ML Guardrails": failure · Merge blocked \(2 failed, 1 warning, of 3 rules\)/g)).toHaveLength(2);
    expect(stdout).toContain('FAIL  Merge blocked (2 failed, 1 warning, of 3 rules)');
    expect(lines.at(-2)).toBe(`Open ${page} to see both PR comments as GitHub shows them.`);
    expect(lines.at(-1)).toBe('demo: both doors blocked the pull request with a report');
    expect(existsSync(page)).toBe(true);

    const view = await browser.view(page, 'demo-page');
    expect(view.errors).toEqual([]);
    expect(view.articles).toBe(2);
    expect(view.tables).toBeGreaterThanOrEqual(2);
    expect(view.charts, 'mermaid charts drawn as SVG').toBeGreaterThanOrEqual(2);
    expect(view.text).toContain('Merge blocked (2 failed, 1 warning, of 3 rules)');
    expect(view.text).toMatch(/training-data\s+species missing\s+3 of 344 rows \(0\.9%\)/);
    expect(view.text).toContain('ml-guardrails[bot] commented');
    expect(view.text).toContain('github-actions[bot] commented');
  });

  it('runs no script that a comment carries, as GitHub runs none', async () => {
    const page = path.join(scratchFolder(), 'hostile.html');
    const markdown = 'a <script>document.body.append("PWNED-1")</script> <img src=x onerror="document.body.append(\'PWNED-2\')">\n';
    writeFileSync(page, await renderCommentPage('hostile', [{ author: 'someone', note: 'a comment with markup', markdown }]));
    const view = await browser.view(page, 'demo-hostile-page');
    expect(view.text).not.toContain('PWNED');
    expect(view.errors.join('\n')).toMatch(/Content Security Policy/);
  });
});
