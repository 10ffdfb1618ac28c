/**
 * What the comment folds away under a rule: each problem in a sentence with where it is, the
 * example rows, the charts, and the checks that passed.
 */
import { benchmarkSample, renderBenchmarkTable } from './benchmark-table.js';
import { renderDriftChart, renderHistoryChart } from './charts.js';
import { describeFinding, sampleLines } from './finding-cells.js';
import { problemsOf } from './headline.js';
import { codeSpan, escapeHtml, escapeMarkdown, escapeMessage, shorten } from './markdown-text.js';
import type { Finding, RuleResult, Status } from './model.js';
import { shownStatus, sortByStatus } from './status.js';

export const ICON: Record<Status, string> = { pass: '✅', fail: '❌', warn: '⚠️', error: '🛑', skip: '⏭️' };
const MAX_SAMPLES = 5;
const SAMPLE_LIMIT = 200;

/** A `<details>` block; the summary is raw HTML, where markdown is not parsed. */
export function fold(summary: string, body: string[]): string[] {
  return ['<details>', `<summary>${summary}</summary>`, '', ...body, '', '</details>'];
}

/** The fold for a rule with problems: why, where, examples and charts, then what passed. */
export function renderRuleDetails(rule: RuleResult): string[] {
  const problems = problemsOf(rule);
  const benchmarks = renderBenchmarkTable(rule);
  const body: string[] = benchmarks.length > 0 ? [...benchmarks, ''] : [];
  // A benchmark's row in the table says it all: no bullet repeating it, no JSON of its numbers.
  const inTable = (f: Finding) => benchmarks.length > 0 && benchmarkSample(f) !== undefined;
  for (const f of problems) {
    if (!inTable(f)) body.push(`- ${ICON[shownStatus(f.status, rule.severity)]} ${problemSentence(f)}`);
  }
  // One history chart per metric: its `min` and `max_drop` may both fail and both carry it.
  const charted = new Set<string>();
  for (const f of problems) {
    const key = f.subject ?? f.check;
    const drawHistory = !charted.has(key);
    if (f.history !== undefined) charted.add(key);
    body.push(...extrasFor(f, drawHistory, !inTable(f)));
  }
  const passed = sortByStatus(rule.findings.filter((f) => f.status === 'pass' || f.status === 'skip'));
  // Nested fold: opening a rule to see why it failed should not mean scrolling past what passed.
  if (passed.length > 0) {
    const label = `${passed.length} other check${passed.length === 1 ? '' : 's'} (${countPassed(passed)})`;
    body.push('', ...fold(label, checksTable(passed, 'check')));
  }
  const summary = `${ICON[rule.status]} <code>${escapeHtml(shorten(rule.id))}</code> (${escapeHtml(rule.kind)}): why, where and examples`;
  return fold(summary, body);
}

/** The fold for a rule without problems: its checks in the compact columns. */
export function renderPassedRule(rule: RuleResult): string[] {
  const findings = sortByStatus(rule.findings);
  const benchmarks = renderBenchmarkTable(rule);
  return [
    `**${ICON[rule.status]} ${codeSpan(rule.id)}** (${escapeMarkdown(rule.kind)}): ${escapeMessage(rule.summary)}`,
    '',
    ...(benchmarks.length > 0 ? benchmarks : checksTable(findings, 'check')),
  ];
}

/** `accuracy dropped by 0.027 (0.942 → 0.915) — metrics/eval.json:2` with the data's lines. */
function problemSentence(f: Finding): string {
  const lines = sampleLines(f);
  const where = f.file === null ? '' : ` (${codeSpan(`${f.file}${f.line === null ? '' : `:${f.line}`}`)})`;
  return `${escapeMessage(f.message)}${lines === '' ? '' : ` — ${lines}`}${where}`;
}

function extrasFor(f: Finding, drawHistory: boolean, withSamples: boolean): string[] {
  const out: string[] = [];
  const drift = f.check.startsWith('drift.') ? renderDriftChart(f) : [];
  if (drift.length > 0) out.push('', `**${escapeMarkdown(shorten(f.subject ?? f.check))}**, baseline and head:`, '', ...drift);
  const history = f.history !== undefined && drawHistory ? renderHistoryChart(f, f.history) : [];
  if (history.length > 0) out.push('', ...history);
  if (withSamples && f.samples !== undefined && f.samples.length > 0) out.push('', ...samplesBlock(f, f.samples));
  return out;
}

function samplesBlock(f: Finding, all: unknown[]): string[] {
  const samples = all.slice(0, MAX_SAMPLES);
  // Inside a fence nothing renders, but the body holds it raw: only a fence of its own could end it
  // early; `<`, `>` and bidirectional overrides are written as JSON escapes (`\u003c`), so no
  // `<!-- marker -->` reaches the body and nothing reorders what a reviewer reads.
  const body = samples.map((s) => inertJson(shorten(JSON.stringify(s) ?? String(s), SAMPLE_LIMIT)));
  const label = `Examples for ${escapeMarkdown(shorten(f.subject ?? f.check))} (${samples.length} of ${all.length}):`;
  return [label, '', '```json', ...body, '```'];
}

function inertJson(text: string): string {
  return text
    .replaceAll('```', "'''")
    .replace(/[<>\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function checksTable(findings: Finding[], first: string): string[] {
  const rows = [`| ${first} | head | baseline | allowed |`, '| --- | --- | --- | --- |'];
  for (const f of findings) {
    const cells = describeFinding(f);
    const cell = (text: string) => escapeMarkdown(shorten(text));
    rows.push(`| ${ICON[f.status]} ${cell(cells.what)} | ${cell(cells.head)} | ${cell(cells.baseline)} | ${cell(cells.allowed)} |`);
  }
  return rows;
}

function countPassed(findings: Finding[]): string {
  const passed = findings.filter((f) => f.status === 'pass').length;
  const skipped = findings.length - passed;
  return [passed > 0 ? `${passed} passed` : '', skipped > 0 ? `${skipped} skipped` : ''].filter((p) => p !== '').join(', ');
}
