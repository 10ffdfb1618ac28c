import { toRepoPath } from '../../git/repo-path.js';
import type { Workspace } from '../../git/workspace.js';
import { type Finding, finding } from '../../report/model.js';
import { INPUT_LIMITS } from '../limits.js';
import type { RuleContext, RuleOutcome } from '../types.js';
import { type Decision, decideOnSamples, decideWithHistory } from './decide.js';
import { verdictFinding } from './findings.js';
import { describeHardware, type Hardware } from './hardware.js';
import { describeNotesSource, gatherNotesBaseline, type NoteRun, noteRecord, runValue, summarizeRun } from './notes-history.js';
import type { BenchmarkOptions } from './options.js';
import { type BenchmarkSamples, parseResults } from './parse-results.js';
import { withStability } from './stability.js';
import { computeStatistic } from './statistics.js';

const ONE_RUN_CAVEAT =
  'One run per side cannot tell a shift of the machine from a change of the code: use `run:` with `baseline: rerun` (interleaved runs), or keep history with `baseline: notes`.';

/**
 * File mode: the results file in the head against the same file at the baseline commit
 * (`baseline: file`) or against runs kept in notes on the same hardware (`baseline: notes`).
 */
export async function evaluateFileMode(
  options: BenchmarkOptions,
  context: RuleContext,
  hardware: Hardware,
  fromNotes: boolean,
): Promise<RuleOutcome> {
  const file = toRepoPath(options.file!, context.source);
  const head = await readSide(context.head, file, options);
  if (head === null)
    return { findings: [context.missing({ check: 'file', message: `${file} does not exist in the ${context.head.label}`, file })] };
  if (head.length === 0)
    return { findings: [finding({ check: 'samples', status: 'error', message: `${file} holds no benchmarks to judge`, file })] };
  const empty = head.filter((b) => b.samples.length === 0).map(noSamples(file));
  const measured = head.filter((b) => b.samples.length > 0);
  const headRun = summarizeRun(new Map(measured.map((b) => [b.name, b.samples])), true);
  const records =
    context.head.sha === null || measured.length === 0 ? [] : [noteRecord(context.rule.id, context.head.sha, hardware, [headRun])];
  const base = fromNotes ? await notesBaseline(context, options, hardware) : await fileBaseline(context, file, options);
  if ('problem' in base) return { findings: [...empty, context.missing({ check: 'baseline', message: base.problem, file })], records };

  const findings: Finding[] = [...empty];
  for (const bench of measured) {
    context.signal.throwIfAborted();
    findings.push(await judgeBenchmark(bench, base, options, file, context.signal));
  }
  return { findings, records };
}

type BaseSide = { runs: NoteRun[]; samples: Map<string, number[]>; where: string } | { problem: string };

async function judgeBenchmark(
  bench: BenchmarkSamples,
  base: Exclude<BaseSide, { problem: string }>,
  options: BenchmarkOptions,
  file: string,
  signal: AbortSignal,
): Promise<Finding> {
  const bound = { maxIncreasePct: options.max_increase_pct, confidence: options.confidence };
  const headValue = computeStatistic(bench.samples, options.statistic);
  const history = base.runs.map((run) => runValue(run, bench.name, options.statistic)).filter((v): v is number => v !== null);
  const baseSamples = base.samples.get(bench.name) ?? [];
  const zero = zeroSide(headValue, baseSamples.length > 0 && history.length < 3 ? computeStatistic(baseSamples, options.statistic) : null);
  if (zero !== null) {
    const message = `${bench.name}: the ${options.statistic} in ${zero === 'head' ? file : base.where} is 0 ms; a latency of 0 is not a measurement (the timer's resolution is coarser than the code it timed)`;
    return finding({ check: options.statistic, status: 'error', subject: bench.name, message, file });
  }
  const common = {
    name: bench.name,
    statistic: options.statistic,
    maxIncreasePct: options.max_increase_pct,
    confidence: options.confidence,
    file,
  };
  let decision: Decision;
  let caveat: string | undefined;
  if (history.length >= 3) {
    decision = decideWithHistory(history, [headValue], bound);
  } else if (baseSamples.length > 0) {
    decision = await decideOnSamples(baseSamples, bench.samples, options.statistic, bound, signal);
    caveat = ONE_RUN_CAVEAT;
  } else {
    const reason = `${bench.name} is not in the baseline (${base.where})`;
    decision = {
      verdict: 'inconclusive',
      method: 'samples of one run per side',
      changePct: Number.NaN,
      intervalPct: [Number.NaN, Number.NaN],
      n: 0,
      reason,
    };
  }
  decision = withStability(decision, { head: bench.samples, base: baseSamples }, options.max_increase_pct);
  const baseValue =
    history.length >= 3
      ? computeStatistic(history, 'p50')
      : baseSamples.length > 0
        ? computeStatistic(baseSamples, options.statistic)
        : null;
  return verdictFinding({ ...common, baseValue, headValue, decision, context: base.where, caveat });
}

function zeroSide(head: number, base: number | null): 'head' | 'baseline' | null {
  return head === 0 ? 'head' : base === 0 ? 'baseline' : null;
}

async function fileBaseline(context: RuleContext, file: string, options: BenchmarkOptions): Promise<BaseSide> {
  if (context.baseline === null) return { problem: `no baseline to compare with: ${context.baselineInfo.description}` };
  const base = await readSide(context.baseline, file, options);
  if (base === null) return { problem: `${file} does not exist at the baseline ${context.baseline.label}` };
  return { runs: [], samples: new Map(base.map((b) => [b.name, b.samples])), where: `baseline ${file} at ${context.baseline.label}` };
}

async function notesBaseline(context: RuleContext, options: BenchmarkOptions, hardware: Hardware): Promise<BaseSide> {
  const start = context.baselineInfo.sha;
  if (start === null) return { problem: `no baseline commit to look for notes from: ${context.baselineInfo.description}` };
  const notes = await gatherNotesBaseline(context.history, start, context.rule.id, hardware, options.history);
  if (notes.runs.length === 0) {
    const elsewhere =
      notes.skippedHardware === null ? '' : ` (a note measured on other hardware, ${notes.skippedHardware}, is not comparable)`;
    return {
      problem: `no comparable baseline: no ancestor of ${start.slice(0, 7)} has results for this rule measured on ${describeHardware(hardware)}${elsewhere}`,
    };
  }
  const samples = new Map<string, number[]>();
  for (const [name, summary] of Object.entries(notes.runs[0]!.benchmarks))
    if (Array.isArray(summary.samples)) samples.set(name, summary.samples);
  const where = `baseline from ${describeNotesSource(notes)}, ${notes.runs.length} run(s), on ${describeHardware(hardware)}`;
  return { runs: notes.runs, samples, where };
}

async function readSide(workspace: Workspace, file: string, options: BenchmarkOptions): Promise<BenchmarkSamples[] | null> {
  const text = await workspace.readText(file, INPUT_LIMITS.fileBytes);
  if (text === null) return null;
  return parseResults(text, file, options.format, options.unit).benchmarks;
}

function noSamples(file: string) {
  return (bench: BenchmarkSamples): Finding =>
    finding({
      check: 'samples',
      status: 'error',
      subject: bench.name,
      message: `${bench.name} in ${file} has no samples to decide on`,
      file,
    });
}
