// The comment as a reviewer sees it on GitHub: rendered with GitHub's stylesheet in an 880 px
// column in headless Chromium. The decision and what failed must fit on one screen before any
// fold, no table may scroll sideways, and every chart must parse. Screenshots go to
// .cache/comment-screenshots/ for a person to look at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHistoryChart } from '../../src/report/charts.js';
import { finding } from '../../src/report/model.js';
import { GitHubPage, type Layout } from './github-page.js';
import { type RenderedComment, renderSamplePullRequest, renderTwoRuleFailure } from './sample-comments.js';

const FIRST_SCREEN_PX = 1000;

describe('the comment rendered as GitHub shows it', { timeout: 120_000 }, () => {
  let page: GitHubPage;
  beforeAll(async () => {
    page = await GitHubPage.open();
  }, 60_000);
  afterAll(async () => {
    await page?.close();
  });

  function expectOneScreen(layout: Layout): void {
    expect(layout.beforeFirstFold).toBeGreaterThan(100);
    expect(layout.beforeFirstFold, 'height before the first fold').toBeLessThanOrEqual(FIRST_SCREEN_PX);
    expect(layout.tables.length).toBeGreaterThan(0);
    for (const table of layout.tables) expect(table.scrollWidth, 'a table wider than the column').toBeLessThanOrEqual(table.clientWidth);
  }

  it("fits the sample pull request's decision on one screen, with charts that parse", async () => {
    const { report, markdown }: RenderedComment = await renderSamplePullRequest();
    expect(report.verdict).toBe('fail');
    const layout = await page.render(markdown, 'sample-pull-request');
    console.log(`sample PR: ${Math.round(layout.beforeFirstFold)} px before the first fold, tables ${JSON.stringify(layout.tables)}`);
    expectOneScreen(layout);
    // The drift of bill_depth_mm is drawn; mermaid accepts every block.
    expect(layout.mermaid.length).toBeGreaterThan(0);
    expect(layout.mermaid).toEqual(layout.mermaid.map(() => null));
    // Folds hold the explanation; the first screen holds the decision.
    const firstScreen = markdown.slice(0, markdown.indexOf('<details>'));
    expect(firstScreen).toContain('Merge blocked (2 failed, 1 warning, of 3 rules)');
    expect(firstScreen).toContain('| ❌ `training-data` | species missing | 3 of 344 rows (0.9%) |');
    expect(firstScreen).toContain('**What next?**');
  });

  it('fits a pull request that breaks a metric and a dataset on one screen', async () => {
    const { report, markdown } = await renderTwoRuleFailure();
    expect(report.rules.map((r) => [r.id, r.status])).toEqual([
      ['fraud-model', 'fail'],
      ['transactions', 'fail'],
    ]);
    const layout = await page.render(markdown, 'two-rule-failure');
    console.log(`two-rule failure: ${Math.round(layout.beforeFirstFold)} px before the first fold`);
    expectOneScreen(layout);
    expect(layout.mermaid).toEqual(layout.mermaid.map(() => null));
    expect(markdown).toContain('### ❌ ML Guardrails: Merge blocked (2 failed, of 2 rules)');
    expect(markdown).toContain('| ❌ `fraud-model` | auc fell | 0.928 | 0.941 | drop ≤ 0.005 |');
    // The data's own line numbers (the header is line 1), as the contributor's editor shows them.
    expect(layout.html).toContain('lines 6, 51, 152');
  });

  it('would catch a chart that does not parse', async () => {
    const broken = ['### x', '', '```mermaid', 'xychart-beta', '  x-axis [a, b', '  line [1, 2]', '```', ''].join('\n');
    const layout = await page.render(broken, 'broken-chart');
    expect(layout.mermaid).toHaveLength(1);
    expect(layout.mermaid[0]).toMatch(/error|expect/i);
  });

  it("parses a failing metric's history chart", async () => {
    const f = finding({ check: 'max_drop', status: 'fail', message: 'auc fell', subject: 'auc "x" ```', observed: 0.928, baseline: 0.941 });
    const history = [0.93, 0.935, 0.941].map((value, i) => ({ sha: String(i).repeat(40), value }));
    const layout = await page.render(['### history', '', ...renderHistoryChart(f, history), ''].join('\n'), 'history-chart');
    expect(layout.mermaid).toEqual([null]);
  });
});
