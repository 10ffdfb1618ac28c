import { toRepoPath } from '../../git/repo-path.js';
import type { Workspace } from '../../git/workspace.js';
import { type Finding, finding } from '../../report/model.js';
import { INPUT_LIMITS } from '../limits.js';
import type { RuleContext, RuleOutcome } from '../types.js';
import { type Decision, decideOnSamples, decideWithHistory } from './decide.js';
import { verdictFinding } from './findings.js';
import { describeHardware, type Hardware } from './hardware.js';
import { describeNotesSource, gatherNotesBaseline, type NoteRun, noteRecord, sessionValues, summarizeRun } from './notes-history.js';
import type { BenchmarkOptions } from './options.js';
import { type BenchmarkSamples, type ParsedResults, parseResults } from './parse-results.js';
import { diagnoseRun, withDiagnoses } from './stability.js';
import { computeStatistic } from './statistics.js';
import type { RecordedMachine } from './tool-formats.js';

const ONE_RUN_CAVEAT = 'One run per side cannot tell a shift of the machine from a change of the code.';

/**
 * File mode: the results file in the head against the same file at the baseline commit
 * (`baseline: file`) or against runs kept in notes on the same hardware (`baseline: notes`).
 */
export async function evaluateFileMode(
  options: BenchmarkOptions,
  context: RuleContext,
  runner: Hardware,
  fromNotes: boolean,
): Promise<RuleOutcome> {
  const file = toRepoPath(options.file!, context.source);
  const parsed = await readSide(context.head, file, options);
  if (parsed === null)
    return { findings: [context.missing({ check: 'file', message: `${file} does not exist in the ${context.head.label}`, file })] };
  const head = parsed.benchmarks;
  // Notes stay keyed by the runner: the machine a head file records is the pull request's claim, and
  // must not pick the history it is judged against. The report names the machine the file records.
  const hardware = runner;
  const headMachine = { machine: parsed.machine, where: parsed.machine?.description ?? 'a machine the results file does not record' };
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
    findings.push(await judgeBenchmark(bench, base, headMachine, options, file, context.signal));
  }
  return { findings, records };
}

type BaseSide =
  | { sessions: NoteRun[][]; samples: Map<string, number[]>; where: string; machine: RecordedMachine | null }
  | { problem: string };

async function judgeBenchmark(
  bench: BenchmarkSamples,
  base: Exclude<BaseSide, { problem: string }>,
  head: { machine: RecordedMachine | null; where: string },
  options: BenchmarkOptions,
  file: string,
  signal: AbortSignal,
): Promise<Finding> {
  const bound = { maxIncreasePct: options.max_increase_pct, confidence: options.confidence };
  const headRun = diagnoseRun(bench.samples, options.max_increase_pct);
  const headValue = computeStatistic(headRun.steady, options.statistic);
  const history = sessionValues(base.sessions, bench.name, options.statistic);
  const baseSamples = base.samples.get(bench.name) ?? [];
  const baseRun = baseSamples.length > 0 && history.length < 3 ? diagnoseRun(baseSamples, options.max_increase_pct) : null;
  const baseValue =
    history.length >= 3 ? computeStatistic(history, 'p50') : baseRun === null ? null : computeStatistic(baseRun.steady, options.statistic);
  if (headValue === 0 || baseValue === 0) {
    const message = `${bench.name}: the ${options.statistic} in ${headValue === 0 ? file : base.where} is 0 ms; a latency of 0 is not a measurement (the timer's resolution is coarser than the code it timed)`;
    return finding({ check: options.statistic, status: 'error', subject: bench.name, message, file });
  }
  const common = {
    name: bench.name,
    statistic: options.statistic,
    maxIncreasePct: options.max_increase_pct,
    confidence: options.confidence,
    file,
    machine: head.where,
  };
  let decision: Decision;
  let caveat: string | undefined;
  if (history.length >= 3) {
    decision = withDiagnoses(decideWithHistory(history, [headValue], bound), { head: headRun, base: null });
    decision = applySingleRunPolicy(
      decision,
      options,
      'run mode (`run:` with `baseline: notes`, which measures the head twice near the bound)',
    );
  } else if (baseRun !== null) {
    decision = withDiagnoses(await decideOnSamples(baseRun.steady, headRun.steady, options.statistic, bound, signal), {
      head: headRun,
      base: baseRun,
    });
    decision = applySingleRunPolicy(decision, options, 'history in notes or run mode (`run:` with `baseline: rerun`)');
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
  if (head.machine !== null && base.machine !== null && head.machine.key !== base.machine.key && decision.verdict !== 'inconclusive') {
    const reason = `the two files were measured on different machines (baseline: ${base.machine.description}; head: ${head.machine.description})`;
    decision = { ...decision, verdict: 'inconclusive', reason, nextStep: 'results from one machine would decide' };
  }
  const warmupRounds = { base: baseRun?.warmupRounds ?? 0, head: headRun.warmupRounds };
  const valuesAre = history.length >= 3 ? `baseline: median of ${history.length} measured sessions` : undefined;
  return verdictFinding({ ...common, baseValue, headValue, decision, context: base.where, caveat, warmupRounds, valuesAre });
}

/** One run of the head blocks only where the rule opts in (`single_run: fail`): one slow process looks like slow code. */
function applySingleRunPolicy(decision: Decision, options: BenchmarkOptions, decider: string): Decision {
  if (decision.verdict !== 'fail' || options.single_run === 'fail') return decision;
  return {
    ...decision,
    verdict: 'inconclusive',
    reason: `slower than the ${options.max_increase_pct}% allowed, on one run of the head, which does not block (single_run: warn)`,
    nextStep: `${decider} would decide`,
  };
}

async function fileBaseline(context: RuleContext, file: string, options: BenchmarkOptions): Promise<BaseSide> {
  if (context.baseline === null) return { problem: `no baseline to compare with: ${context.baselineInfo.description}` };
  const base = await readSide(context.baseline, file, options);
  if (base === null) return { problem: `${file} does not exist at the baseline ${context.baseline.label}` };
  const samples = new Map(base.benchmarks.map((b) => [b.name, b.samples]));
  return { sessions: [], samples, where: `baseline ${file} at ${context.baseline.label}`, machine: base.machine };
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
  const where = `baseline from ${describeNotesSource(notes)}, ${notes.sessions.length} session(s) of ${notes.runs.length} run(s)`;
  return { sessions: notes.sessions, samples, where, machine: null };
}

async function readSide(workspace: Workspace, file: string, options: BenchmarkOptions): Promise<ParsedResults | null> {
  const text = await workspace.readText(file, INPUT_LIMITS.fileBytes);
  if (text === null) return null;
  return parseResults(text, file, options.format, options.unit);
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
