import pc from 'picocolors';
import type { Finding, Report, RuleResult, Status } from './model.js';
import { isBlocking, shownStatus } from './status.js';
import { formatDelta, formatValue, shortSha, sortByStatus, sortFindings } from './values.js';

type Colors = ReturnType<typeof pc.createColors>;

const SYMBOL: Record<Status, string> = { pass: '✓', fail: '✗', warn: '!', error: '✗', skip: '-' };

/** The terminal report: verdict first, then each rule with its problems; colour only on a TTY. */
export function renderText(report: Report, options: { color?: boolean } = {}): string {
  const c = pc.createColors(options.color ?? false);
  const lines: string[] = [];
  lines.push(`${verdictLine(report, c)}`);
  lines.push(`  baseline: ${shortSha(report.base)} (${report.baseline.description})`);
  lines.push(`  head:     ${report.headSource === 'working tree' ? `working tree at ${shortSha(report.head)}` : shortSha(report.head)}`);
  lines.push(`  rules:    ${report.config}`);
  for (const rule of sortByStatus(report.rules)) {
    lines.push('');
    lines.push(ruleLine(rule, c));
    const findings = sortFindings(rule.findings);
    const shown = findings.filter((f) => f.status !== 'pass');
    for (const f of shown) lines.push(`    ${findingLine(f, shownStatus(f.status, rule.severity), c)}`);
    const passed = findings.length - shown.length;
    if (passed > 0) lines.push(c.dim(`    ${SYMBOL.pass} ${passed} check${passed === 1 ? '' : 's'} passed`));
  }
  return `${lines.join('\n')}\n`;
}

function verdictLine(report: Report, c: Colors): string {
  const blocking = report.rules.filter(isBlocking).length;
  if (report.verdict === 'pass') return c.bold(c.green(`PASS  all ${report.rules.length} guardrails hold`));
  if (report.verdict === 'error') return c.bold(c.red(`ERROR  ${blocking} blocking rule(s) could not be evaluated`));
  return c.bold(c.red(`FAIL  ${blocking} of ${report.rules.length} guardrails block the merge`));
}

function ruleLine(rule: RuleResult, c: Colors): string {
  const paint = colorFor(rule.status, c);
  const tag = rule.severity === 'warning' ? c.dim(' [warning]') : '';
  return `${paint(`${SYMBOL[rule.status]} ${rule.id}`)} ${c.dim(`(${rule.kind})`)}${tag} ${paint(rule.status)}: ${rule.summary}`;
}

function findingLine(f: Finding, status: Status, c: Colors): string {
  const paint = colorFor(status, c);
  const where = f.file === null ? '' : c.dim(` [${f.file}${f.line === null ? '' : `:${f.line}`}]`);
  const numbers = [
    f.observed !== null ? `observed ${formatValue(f.observed)}` : '',
    f.baseline !== null ? `baseline ${formatValue(f.baseline)}` : '',
    f.expected !== null ? `expected ${formatValue(f.expected)}` : '',
    formatDelta(f) !== '' ? `delta ${formatDelta(f)}` : '',
  ].filter((part) => part !== '');
  const detail = numbers.length > 0 ? c.dim(` (${numbers.join('; ')})`) : '';
  return `${paint(SYMBOL[status])} ${f.message}${detail}${where}`;
}

function colorFor(status: Status, c: Colors): (text: string) => string {
  if (status === 'pass') return c.green;
  if (status === 'warn') return c.yellow;
  if (status === 'skip') return c.dim;
  return c.red;
}
