import pc from 'picocolors';
import { describeFinding } from './finding-cells.js';
import { verdictTitle } from './headline.js';
import type { Finding, Report, RuleResult, Status } from './model.js';
import { shownStatus, sortByStatus } from './status.js';
import { printable, printableLine } from './terminal-text.js';
import { formatDelta, shortSha } from './values.js';

type Colors = ReturnType<typeof pc.createColors>;

const SYMBOL: Record<Status, string> = { pass: '✓', fail: '✗', warn: '!', error: '✗', skip: '-' };

/** The terminal report: verdict first, then each rule with its problems; colour only on a TTY. */
export function renderText(report: Report, options: { color?: boolean } = {}): string {
  const c = pc.createColors(options.color ?? false);
  const lines: string[] = [];
  lines.push(`${verdictLine(report, c)}`);
  lines.push(`  baseline: ${shortSha(report.base)} (${printableLine(report.baseline.description)})`);
  lines.push(`  head:     ${report.headSource === 'working tree' ? `working tree at ${shortSha(report.head)}` : shortSha(report.head)}`);
  // Like the JSON's ruleFile.governing: rules the head wrote decided, so say so and why.
  const governs = report.ruleFile?.governing === 'head' ? ` (the head's rules govern; ${report.ruleFile.reason})` : '';
  lines.push(`  rules:    ${printableLine(`${report.config}${governs}`)}`);
  for (const rule of sortByStatus(report.rules)) {
    lines.push('');
    lines.push(ruleLine(rule, c));
    const findings = sortByStatus(rule.findings);
    const shown = findings.filter((f) => f.status !== 'pass');
    for (const f of shown) lines.push(`    ${findingLine(f, shownStatus(f.status, rule.severity), c)}`);
    const passed = findings.length - shown.length;
    if (passed > 0) lines.push(c.dim(`    ${SYMBOL.pass} ${passed} check${passed === 1 ? '' : 's'} passed`));
  }
  return `${lines.join('\n')}\n`;
}

function verdictLine(report: Report, c: Colors): string {
  const line = `${report.verdict.toUpperCase()}  ${verdictTitle(report)}`;
  return c.bold(report.verdict === 'pass' ? c.green(line) : c.red(line));
}

function ruleLine(rule: RuleResult, c: Colors): string {
  const paint = colorFor(rule.status, c);
  const tag = rule.severity === 'warning' ? c.dim(' [warning]') : '';
  return `${paint(`${SYMBOL[rule.status]} ${printableLine(rule.id)}`)} ${c.dim(`(${rule.kind})`)}${tag} ${paint(rule.status)}: ${printable(rule.summary)}`;
}

function findingLine(f: Finding, status: Status, c: Colors): string {
  const paint = colorFor(status, c);
  const where = f.file === null ? '' : c.dim(` [${printableLine(f.file)}${f.line === null ? '' : `:${f.line}`}]`);
  // The same numbers for people as the comment's table; a count of rows is already in the sentence.
  const cells = describeFinding(f);
  const numbers =
    typeof f.observed !== 'number'
      ? []
      : [
          cells.head !== '' ? `head ${cells.head}` : '',
          cells.baseline !== '' ? `baseline ${cells.baseline}` : '',
          cells.allowed !== '' ? `allowed ${cells.allowed}` : '',
          formatDelta(f) !== '' ? `delta ${formatDelta(f)}` : '',
        ].filter((part) => part !== '');
  const detail = numbers.length > 0 ? c.dim(` (${printable(numbers.join('; '))})`) : '';
  return `${paint(SYMBOL[status])} ${printable(f.message)}${detail}${where}`;
}

function colorFor(status: Status, c: Colors): (text: string) => string {
  if (status === 'pass') return c.green;
  if (status === 'warn') return c.yellow;
  if (status === 'skip') return c.dim;
  return c.red;
}
