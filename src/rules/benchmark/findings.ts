import { type Finding, finding } from '../../report/model.js';
import type { Decision } from './decide.js';
import type { StatisticName } from './statistics.js';
import { formatDuration } from './units.js';

export interface BenchmarkVerdict {
  name: string;
  statistic: StatisticName;
  maxIncreasePct: number;
  confidence: number;
  /** The statistic on each side, in ms (time per item for throughput). */
  baseValue: number | null;
  headValue: number | null;
  decision: Decision;
  /** Where the baseline came from, and the machine: to finish the sentence. */
  context: string;
  /** A caveat the reader must see (one run per side, time limit), if any. */
  caveat?: string | undefined;
  file: string | null;
  /** Rounds dropped as warm-up from each side's run(s), when the rounds were looked at. */
  warmupRounds?: { base: number; head: number } | undefined;
  /** Where the results were measured, as far as anyone knows. */
  machine: string;
  /** What baseValue and headValue are, when they are not the statistic of one run (e.g. medians of runs). */
  valuesAre?: string | undefined;
}

const STATUS = { pass: 'pass', fail: 'fail', inconclusive: 'warn' } as const;

/** One finding per benchmark: the table row (base, head, change, interval, verdict) as a sentence. */
export function verdictFinding(v: BenchmarkVerdict): Finding {
  const d = v.decision;
  const level = `${Math.round(v.confidence * 100)}%`;
  const change = Number.isFinite(d.changePct) ? signed(d.changePct) : 'no change computed';
  const interval = Number.isFinite(d.intervalPct[0])
    ? `, ${level} interval ${signed(d.intervalPct[0])} to ${signed(d.intervalPct[1])}`
    : '';
  const values =
    v.baseValue !== null && v.headValue !== null
      ? `${show(v.baseValue, v.statistic)} → ${show(v.headValue, v.statistic)}${v.valuesAre === undefined ? '' : ` (${v.valuesAre})`} `
      : '';
  const changeName = d.method === 'paired runs' ? 'paired change ' : '';
  const outcome =
    d.verdict === 'fail'
      ? `slower than the ${v.maxIncreasePct}% allowed`
      : d.verdict === 'pass'
        ? `within the ${v.maxIncreasePct}% allowed`
        : `inconclusive: ${d.reason ?? 'undecided'}${d.nextStep === undefined ? '' : `; ${d.nextStep}`}`;
  const caveat = [describeWarmup(v.warmupRounds), describeOutliers(d.outlierPairs), v.caveat]
    .filter((s) => s !== undefined)
    .map((s) => ` ${s}`)
    .join('');
  return finding({
    check: v.statistic,
    status: STATUS[d.verdict],
    subject: v.name,
    message: `${v.name}: ${v.statistic} ${values}(${changeName}${change}${interval}), ${outcome}; ${d.method}, n=${d.n}, ${v.context}.${caveat}`,
    observed: v.headValue === null ? null : rounded(v.headValue),
    baseline: v.baseValue === null ? null : rounded(v.baseValue),
    expected: `at most +${v.maxIncreasePct}% (${level} confidence)`,
    file: v.file,
    samples: [
      {
        change_pct: rounded(d.changePct),
        interval_pct: d.intervalPct.map(rounded),
        confidence: v.confidence,
        statistic: v.statistic,
        unit: 'ms',
        verdict: d.verdict,
        method: d.method,
        n: d.n,
        warmup_rounds: v.warmupRounds ?? null,
        outlier_pairs: d.outlierPairs ?? null,
        more_runs: d.moreRuns ?? null,
        reason: d.reason ?? null,
        next_step: d.nextStep ?? null,
        hardware: v.machine,
      },
    ],
  });
}

function describeWarmup(rounds: BenchmarkVerdict['warmupRounds']): string | undefined {
  if (rounds === undefined || (rounds.base === 0 && rounds.head === 0)) return undefined;
  return `Warm-up dropped: ${rounds.base} round(s) of the baseline, ${rounds.head} of the head.`;
}

function describeOutliers(pairs: number | undefined): string | undefined {
  if (pairs === undefined || pairs === 0) return undefined;
  return `${pairs} pair(s) far off the others (a slow process) set aside.`;
}

function show(ms: number, statistic: StatisticName): string {
  return statistic === 'throughput' ? `${(1000 / ms).toPrecision(4)}/s` : formatDuration(ms);
}

function signed(pct: number): string {
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%`;
}

function rounded(value: number): number | null {
  return Number.isFinite(value) ? Number(value.toPrecision(6)) : null;
}
