/**
 * A benchmark rule's verdicts as one table (benchmark, baseline, head, change, interval, verdict)
 * and the machine they were measured on: what a reviewer compares at a glance. The numbers come
 * from each finding's first sample, which the benchmark kind fills as data.
 */
import { codeSpan, escapeMessage } from './markdown-text.js';
import type { Finding, RuleResult, Status } from './model.js';
import { formatNumbers } from './values.js';

interface BenchmarkSample {
  change_pct: number;
  interval_pct: [number, number];
  method?: string;
  n?: number;
  hardware?: string;
  reason?: string | null;
  next_step?: string | null;
}

const VERDICT: Record<Status, string> = {
  pass: '✅ within',
  fail: '❌ slower',
  warn: '⚠️ inconclusive',
  error: '🛑 error',
  skip: '⏭️ skipped',
};

export function renderBenchmarkTable(rule: RuleResult): string[] {
  const rows = rule.findings.flatMap((f) => {
    const sample = benchmarkSample(f);
    return sample === undefined ? [] : [{ f, sample }];
  });
  if (rows.length === 0) return [];
  const out = ['| benchmark | baseline | head | change | interval | verdict |', '| --- | --- | --- | --- | --- | --- |'];
  for (const { f, sample } of rows) {
    const [base, head] = timed(f.baseline, f.observed);
    const why = [sample.reason, sample.next_step].filter((s): s is string => typeof s === 'string').join('; ');
    const verdict = f.status === 'warn' && why !== '' ? `${VERDICT.warn}: ${escapeMessage(why, { max: 200 })}` : VERDICT[f.status];
    out.push(
      `| ${codeSpan(f.subject ?? f.check, { max: 40 })} | ${base} | ${head} | ${Number.isFinite(sample.change_pct) ? signed(sample.change_pct) : ''} | ${describeInterval(sample)} | ${verdict} |`,
    );
  }
  const machines = [...new Set(rows.map((row) => row.sample.hardware).filter((h): h is string => typeof h === 'string'))];
  if (machines.length > 0) out.push('', `Measured on ${machines.map((m) => escapeMessage(m, { max: 160 })).join('; ')}.`);
  return out;
}

/** `+6.5% … +12.2%`, or nothing when no interval was computed. */
export function describeInterval(sample: BenchmarkSample): string {
  const [low, high] = sample.interval_pct;
  return Number.isFinite(low) && Number.isFinite(high) ? `${signed(low)} … ${signed(high)}` : '';
}

/** The benchmark numbers of a finding, when it has them (its first sample, as the benchmark kind fills it). */
export function benchmarkSample(f: Finding): BenchmarkSample | undefined {
  const first = f.samples?.[0] as Partial<BenchmarkSample> | undefined;
  if (first === undefined || typeof first !== 'object' || typeof first.change_pct !== 'number' || !Array.isArray(first.interval_pct))
    return undefined;
  return first as BenchmarkSample;
}

function timed(...values: unknown[]): string[] {
  const numbers = values.map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : null));
  const shown = formatNumbers(numbers.filter((n): n is number => n !== null));
  let next = 0;
  return numbers.map((n) => (n === null ? '' : `${shown[next++]} ms`));
}

function signed(pct: number): string {
  const text = Number(pct.toPrecision(3)).toString();
  return `${pct > 0 ? '+' : ''}${text}%`;
}
