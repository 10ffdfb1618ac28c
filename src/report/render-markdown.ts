/**
 * The markdown report: the PR comment, the check run's summary and the job summary are this one
 * page. Before the first fold: the verdict and its counts, each blocking rule in a line, one
 * compact table of what failed, what to do next. Explanations, examples, charts and the rules
 * that passed are folded.
 */

import { VERSION } from '../version.js';
import { benchmarkSample, describeInterval } from './benchmark-table.js';
import { describeFinding } from './finding-cells.js';
import { baselinePhrase, blockingRules, problemsOf, verdictTitle } from './headline.js';
import { codeSpan, escapeHtml, escapeMarkdown, escapeMessage, shorten } from './markdown-text.js';
import type { Finding, Report, RuleFileInfo, RuleResult } from './model.js';
import { type FooterInfo, READING_THE_REPORT_URL, renderFooter } from './render-footer.js';
import { fold, ICON, renderPassedRule, renderRuleDetails } from './rule-details.js';
import { shownStatus, sortByStatus } from './status.js';

const VERDICT_ICON = { pass: '✅', fail: '❌', error: '🛑' } as const;
/** Rows in the table before the first fold; the rest are listed in the rule's fold. */
const MAX_TABLE_ROWS = 10;
/** Cells stay short so that the table fits GitHub's 880 px column. */
const CELL_LIMIT = 40;

export interface MarkdownOptions {
  /** The footer's run link and tool version; the rule file and head come from the report. */
  footer?: Partial<FooterInfo> | undefined;
}

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const out: string[] = [`### ${VERDICT_ICON[report.verdict]} ML Guardrails: ${escapeMarkdown(verdictTitle(report))}`, ''];
  const baseline = baselinePhrase(report);
  const sha = baseline.sha === null ? '' : ` ${codeSpan(baseline.sha)},`;
  out.push(`Compared with${sha} ${escapeMessage(baseline.words)}.`, '');
  for (const rule of blockingRules(report)) out.push(blockingLine(rule));
  if (blockingRules(report).length > 0) out.push('');
  if (report.ruleFile !== undefined && report.ruleFile.changes.length > 0) out.push(ruleFileLine(report.ruleFile), '');
  else if (report.ruleFile?.governing === 'head') out.push(`ℹ️ The head's rules govern: ${escapeMessage(report.ruleFile.reason)}.`, '');
  if (report.sharedRules !== undefined) {
    out.push(`${escapeMarkdown(report.sharedRules.label)} (${codeSpan(report.sharedRules.file)}, their default branch).`, '');
  }
  const table = problemTable(report);
  if (table.length > 0) out.push(...table, '', nextSteps(report), '');
  for (const rule of sortByStatus(report.rules)) {
    if (problemsOf(rule).length > 0) out.push(...renderRuleDetails(rule), '');
  }
  const quiet = sortByStatus(report.rules.filter((r) => problemsOf(r).length === 0));
  if (quiet.length > 0) {
    const ids = quiet.map((r) => `<code>${escapeHtml(shorten(r.id, 30))}</code>`).join(', ');
    const label = `${quiet.length} rule${quiet.length === 1 ? '' : 's'} without problems: ${ids}`;
    out.push(
      ...fold(
        label,
        quiet.flatMap((r) => [...renderPassedRule(r), '']),
      ),
      '',
    );
  }
  if (report.ruleFile !== undefined && report.ruleFile.changes.length > 0) out.push(...ruleChanges(report.ruleFile), '');
  out.push(renderFooter({ ruleFile: report.config, headSha: report.head, toolVersion: VERSION, ...options.footer }));
  return `${out.join('\n')}\n`;
}

/** `- ❌ `fraud-model`: auc fell …, and 2 more problems` */
function blockingLine(rule: RuleResult): string {
  const problems = problemsOf(rule);
  const first = problems[0]?.message ?? rule.summary;
  const more = problems.length > 1 ? `, and ${problems.length - 1} more problem${problems.length === 2 ? '' : 's'}` : '';
  return `- ${ICON[rule.status]} ${codeSpan(rule.id, { max: CELL_LIMIT })}: ${escapeMessage(shortenAtWord(first, 160), { max: 160 })}${more}`;
}

/** Cut at the last space before `max`, so that a headline never ends mid-word ("baseline bench/r…"). */
function shortenAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const space = text.lastIndexOf(' ', max - 2);
  return `${text.slice(0, space > max / 2 ? space : max - 1).replace(/[,;:]$/, '')}…`;
}

function signedPct(pct: number): string {
  return `${pct > 0 ? '+' : ''}${Number(pct.toPrecision(3))}%`;
}

function problemTable(report: Report): string[] {
  const rows: [RuleResult, Finding][] = sortByStatus(report.rules).flatMap((rule) =>
    problemsOf(rule).map((f): [RuleResult, Finding] => [rule, f]),
  );
  if (rows.length === 0) return [];
  const lines = ['| rule | what | head | baseline | allowed |', '| --- | --- | --- | --- | --- |'];
  let previous: RuleResult | null = null;
  for (const [rule, f] of rows.slice(0, MAX_TABLE_ROWS)) {
    // A rule accepted by a reviewer is `skip`: its findings still show, marked as not counted.
    const icon = rule.status === 'skip' ? ICON.skip : ICON[shownStatus(f.status, rule.severity)];
    const ruleCell = rule === previous ? icon : `${icon} ${codeSpan(rule.id, { max: CELL_LIMIT })}`;
    previous = rule;
    lines.push(`| ${ruleCell} | ${cellsOf(f).join(' | ')} |`);
  }
  const hidden = rows.length - MAX_TABLE_ROWS;
  if (hidden > 0) lines.push('', `…and ${hidden} more problem${hidden === 1 ? '' : 's'}, listed in the folds below.`);
  return lines;
}

function cellsOf(f: Finding): string[] {
  // A finding that could not be evaluated, or a reviewer's acceptance, has no numbers: its
  // sentence is the cell.
  if (f.status === 'error' || f.check === 'accepted') return [escapeMessage(f.message, { max: 120 }), '', '', ''];
  const cells = describeFinding(f);
  const bench = benchmarkSample(f);
  if (bench !== undefined && typeof f.observed === 'number' && typeof f.baseline === 'number') {
    // A latency: its unit, and the change with the interval it was judged on, not two bare numbers.
    const change = Number.isFinite(bench.change_pct)
      ? ` (${signedPct(bench.change_pct)}${describeInterval(bench) === '' ? '' : `, ${describeInterval(bench)}`})`
      : '';
    cells.head = `${cells.head} ms${change}`;
    cells.baseline = `${cells.baseline} ms`;
  }
  return [cells.what, cells.head, cells.baseline, cells.allowed].map((text) => escapeMarkdown(shorten(text, CELL_LIMIT)));
}

function nextSteps(report: Report): string {
  const rules = codeSpan(report.config);
  const contributor =
    report.verdict === 'pass'
      ? 'nothing blocks the merge; the warnings are worth a look.'
      : report.verdict === 'error'
        ? 'a rule could not be evaluated; its fold names the file that is missing or unreadable. Fix it, and what fails, and push again.'
        : 'fix what fails and push again, or, if the change is intended, say why and ask a reviewer.';
  return (
    `**What next?** Contributor: ${contributor} Reviewer: the bounds live in ${rules}; ` +
    `changing them is a pull request of its own. [Reading this report](${READING_THE_REPORT_URL})`
  );
}

function ruleFileLine(info: RuleFileInfo): string {
  const files = info.changes.filter((c) => c.referencedBy !== undefined).length;
  const rules = info.changes.length - files;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const what = [rules > 0 ? plural(rules, 'rule') : '', files > 0 ? `${plural(files, 'file')} the rules read` : ''].filter((s) => s !== '');
  const would = info.headVerdict === undefined ? '' : ` With them the verdict would be **${info.headVerdict}**.`;
  return `⚠️ This pull request changes ${what.join(' and ')}; the ${info.governing === 'baseline' ? "baseline's rules judged it, and the new ones govern once merged" : "pull request's own rules judged it"}.${would}`;
}

function ruleChanges(info: RuleFileInfo): string[] {
  const body = info.changes.flatMap((c) => [
    `- ${codeSpan(c.id)} ${c.change}`,
    ...c.details.map((d) => `  - ${escapeMessage(d, { max: 160 })}`),
  ]);
  return fold(`Rule changes in this pull request (${info.changes.length})`, body);
}
