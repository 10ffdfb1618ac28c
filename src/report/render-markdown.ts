import type { Finding, Report, RuleResult, Status } from './model.js';
import { isBlocking, shownStatus } from './status.js';
import { formatDelta, formatValue, shortSha, sortByStatus, sortFindings } from './values.js';

const ICON: Record<Status, string> = { pass: '✅', fail: '❌', warn: '⚠️', error: '🛑', skip: '⏭️' };
const MAX_SAMPLES = 5;

/**
 * GitHub-flavoured markdown for the PR comment and the job summary: one verdict line, a
 * table of rules, then one section per rule with observed / baseline / bound / delta,
 * failures first and passing checks folded away.
 */
export function renderMarkdown(report: Report): string {
  const out: string[] = [];
  out.push(`### ${headline(report)}`, '');
  out.push(
    `Baseline ${code(shortSha(report.base))}: ${escape(report.baseline.description)}. ` +
      `Head ${report.headSource === 'working tree' ? 'working tree at ' : ''}${code(shortSha(report.head))}. ` +
      `Rules from ${code(report.config)}.`,
    '',
  );
  out.push('| Rule | Kind | Severity | Status | Summary |', '| --- | --- | --- | --- | --- |');
  for (const rule of sortByStatus(report.rules)) {
    out.push(`| ${code(rule.id)} | ${rule.kind} | ${rule.severity} | ${ICON[rule.status]} ${rule.status} | ${escape(rule.summary)} |`);
  }
  for (const rule of sortByStatus(report.rules)) out.push('', ...ruleSection(rule));
  return `${out.join('\n')}\n`;
}

function headline(report: Report): string {
  const blocking = report.rules.filter(isBlocking).length;
  const warnings = report.rules.filter(
    (r) => r.status === 'warn' || (r.severity === 'warning' && r.status !== 'pass' && r.status !== 'skip'),
  ).length;
  const note = warnings > 0 ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : '';
  if (report.verdict === 'pass') return `✅ ML Guardrails: all ${report.rules.length} rules pass${note}`;
  if (report.verdict === 'error')
    return `🛑 ML Guardrails: ${blocking} blocking rule${blocking === 1 ? '' : 's'} could not be evaluated${note}`;
  return `❌ ML Guardrails: ${blocking} of ${report.rules.length} rules block the merge${note}`;
}

function ruleSection(rule: RuleResult): string[] {
  const findings = sortFindings(rule.findings);
  const problems = findings.filter((f) => f.status !== 'pass' && f.status !== 'skip');
  const rest = findings.filter((f) => f.status === 'pass' || f.status === 'skip');
  const lines = [`#### ${ICON[rule.status]} ${code(rule.id)} (${rule.kind})`, ''];
  if (problems.length > 0) lines.push(...findingTable(problems, rule), '');
  for (const f of problems) {
    if (f.samples !== undefined && f.samples.length > 0) lines.push(...samplesBlock(f), '');
  }
  if (rest.length > 0) {
    const label = `${rest.length} ${problems.length > 0 ? 'other ' : ''}check${rest.length === 1 ? '' : 's'} (${countBy(rest)})`;
    lines.push('<details>', `<summary>${label}</summary>`, '', ...findingTable(rest, rule), '', '</details>');
  }
  return lines;
}

function findingTable(findings: Finding[], rule: RuleResult): string[] {
  const rows = [
    '| | Check | Subject | Observed | Baseline | Bound | Delta | Details |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const f of findings) {
    const where = f.file === null ? '' : ` (${code(`${f.file}${f.line === null ? '' : `:${f.line}`}`)})`;
    rows.push(
      `| ${ICON[shownStatus(f.status, rule.severity)]} | ${escape(f.check)} | ${escape(f.subject ?? '')} | ${escape(formatValue(f.observed))} | ${escape(formatValue(f.baseline))} | ${escape(formatValue(f.expected))} | ${escape(formatDelta(f))} | ${escape(f.message)}${where} |`,
    );
  }
  return rows;
}

function samplesBlock(f: Finding): string[] {
  const samples = f.samples!.slice(0, MAX_SAMPLES);
  const body = samples
    .map((s) => JSON.stringify(s))
    .join('\n')
    .replaceAll('```', "'''");
  return [
    '<details>',
    `<summary>Examples for ${escape(f.subject ?? f.check)} (${samples.length} of ${f.samples!.length})</summary>`,
    '',
    '```json',
    body,
    '```',
    '</details>',
  ];
}

function countBy(findings: Finding[]): string {
  const counts = new Map<Status, number>();
  for (const f of findings) counts.set(f.status, (counts.get(f.status) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${n} ${status === 'pass' ? 'passed' : 'skipped'}`).join(', ');
}

function code(text: string): string {
  return `\`${text.replaceAll('`', "'")}\``;
}

/**
 * Text from the repository (column names, messages with data values) must not break the table
 * or ping people: escape pipes and HTML, and defuse @mentions.
 */
export function escape(text: string): string {
  return text
    .replaceAll('\\', '\\\\')
    .replaceAll('|', '\\|')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replace(/\r?\n/g, ' ')
    .replace(/@(?=[A-Za-z0-9])/g, '@\u200b');
}
