import { finding } from '../../report/model.js';
import { clampToCeiling } from '../limits.js';
import type { RuleContext, RuleOutcome } from '../types.js';
import { decidePaired, decideWithHistory, worthConfirming } from './decide.js';
import { type BenchmarkVerdict, verdictFinding } from './findings.js';
import { describeHardware, type Hardware } from './hardware.js';
import { describeNotesSource, gatherNotesBaseline, noteRecord, sessionValues, summarizeRun } from './notes-history.js';
import { type BenchmarkOptions, baselineSource } from './options.js';
import { InterleavedRuns, type Observation, type RunPlan } from './run-mode.js';
import { diagnoseRun } from './stability.js';
import { computeStatistic } from './statistics.js';

/**
 * Run mode: the rule runs `run` itself, in copies of the trees (no `.git`). With `baseline: rerun`
 * the base commit is copied out and both sides run interleaved; the run (one invocation) is the unit of evidence.
 * With `baseline: notes` only the head runs, against runs kept in notes on the same hardware.
 */
export async function evaluateRunMode(options: BenchmarkOptions, context: RuleContext, hardware: Hardware): Promise<RuleOutcome> {
  const command = options.run!;
  const timeLimitMs = clampToCeiling(options.time_limit * 1000, context.limits.ruleTimeoutMs);
  const plan: RunPlan = {
    command,
    file: options.file,
    format: options.format,
    unit: options.unit,
    commandName: context.rule.id,
    runTimeoutMs: options.run_timeout * 1000,
    deadline: Date.now() + timeLimitMs,
    signal: context.signal,
    env: options.env,
  };
  const baseSha = context.baselineInfo.sha;
  if (baseSha === null) {
    return {
      findings: [
        context.missing({ check: 'baseline', message: `no baseline commit to compare with: ${context.baselineInfo.description}` }),
      ],
    };
  }
  const machine = describeHardware(hardware);
  return withHeadDir(context, async (headDir) => {
    if (baselineSource(options) === 'notes') {
      const runs = new InterleavedRuns(plan, headDir, null);
      await runs.warmUp(options.warmup);
      await runs.measure(options.runs);
      const notes = await gatherNotesBaseline(context.history, baseSha, context.rule.id, hardware, options.history);
      const from = notes.commits.length === 0 ? 'no measured ancestor on this hardware' : `baseline from ${describeNotesSource(notes)}`;
      const decideAll = (batches: Observation[][]) =>
        benchmarkNames(runs.head).map((name): BenchmarkVerdict => {
          // Each batch of head runs is one session, as each measured ancestor is: one value each.
          const perBatch = batches.map((batch) => perRun(batch, name, options));
          const head = perBatch.filter((values) => values.length > 0).map((values) => computeStatistic(values, 'p50'));
          const base = sessionValues(notes.sessions, name, options.statistic);
          const decision = decideWithHistory(base, head, bound(options));
          const warmupRounds = { base: 0, head: warmupDropped(batches.flat(), name, options) };
          return {
            ...verdict(options, name, base, head, decision, `${from}, on ${machine}`, runs.stoppedEarly, machine),
            warmupRounds,
            valuesAre: `medians of ${notes.sessions.length} baseline session(s) and of the head's runs${head.length > 1 ? ', measured twice near the bound, the lower taken' : ''}`,
          };
        });
      let verdicts = decideAll([runs.head.slice()]);
      if (runs.stoppedEarly === null && verdicts.some((v) => v.decision.needsSecondRun === true)) {
        // Near the bound one session of the head is not enough to fail on: measure it a second time.
        const first = runs.head.length;
        await runs.warmUp(options.warmup);
        await runs.measure(options.runs);
        verdicts = decideAll([runs.head.slice(0, first), runs.head.slice(first)]);
      }
      return outcome(context, hardware, runs, verdicts);
    }
    return context.history.withCommitCopy(
      baseSha,
      async (baseDir) => {
        const runs = new InterleavedRuns(plan, headDir, baseDir);
        await runs.warmUp(options.warmup);
        await runs.measure(options.runs);
        const where = `base ${short(baseSha)} rerun interleaved on ${machine}`;
        let verdicts = decideRuns(options, runs, where, machine);
        if (options.confirm && runs.stoppedEarly === null && verdicts.some((v) => worthConfirming(v.decision, options.max_increase_pct))) {
          await runs.measure(options.runs);
          verdicts = decideRuns(options, runs, `${where}, re-measured (confirm)`, machine);
        }
        return outcome(context, hardware, runs, verdicts);
      },
      context.signal,
    );
  });
}

function decideRuns(options: BenchmarkOptions, runs: InterleavedRuns, where: string, machine: string): BenchmarkVerdict[] {
  return benchmarkNames([...runs.base, ...runs.head]).map((name) => {
    // Pairs stay aligned: an invocation that did not report this benchmark drops its pair.
    const pairs = runs.base.flatMap((b, i) => {
      const [x, y] = [b.get(name), runs.head[i]?.get(name)];
      return x === undefined || y === undefined || x.length === 0 || y.length === 0 ? [] : [[x, y] as const];
    });
    const base = pairs.map(([x]) => steadyStatistic(x, options));
    const head = pairs.map(([, y]) => steadyStatistic(y, options));
    const decision = decidePaired(base, head, bound(options));
    const warmupRounds = { base: warmupDropped(runs.base, name, options), head: warmupDropped(runs.head, name, options) };
    const valuesAre = `medians of ${pairs.length} runs per side`;
    return { ...verdict(options, name, base, head, decision, where, runs.stoppedEarly, machine), warmupRounds, valuesAre };
  });
}

/** The statistic of one invocation's rounds after its warm-up prefix. */
function steadyStatistic(samples: number[], options: BenchmarkOptions): number {
  return computeStatistic(diagnoseRun(samples, options.max_increase_pct).steady, options.statistic);
}

function warmupDropped(observations: Observation[], name: string, options: BenchmarkOptions): number {
  let total = 0;
  for (const o of observations) {
    const samples = o.get(name);
    if (samples !== undefined && samples.length > 0) total += diagnoseRun(samples, options.max_increase_pct).warmupRounds;
  }
  return total;
}

/** The head runs in a copy of the working tree (as on disk) or of the head commit: never in the checkout. */
async function withHeadDir<T>(context: RuleContext, use: (dir: string) => Promise<T>): Promise<T> {
  if (context.head.label === 'working tree' || context.head.sha === null) return context.history.withWorkingTreeCopy(use, context.signal);
  return context.history.withCommitCopy(context.head.sha, use, context.signal);
}

function verdict(
  options: BenchmarkOptions,
  name: string,
  base: number[],
  head: number[],
  decision: BenchmarkVerdict['decision'],
  where: string,
  stoppedEarly: string | null,
  machine: string,
): BenchmarkVerdict {
  return {
    name,
    statistic: options.statistic,
    maxIncreasePct: options.max_increase_pct,
    confidence: options.confidence,
    baseValue: base.length === 0 ? null : computeStatistic(base, 'p50'),
    headValue: head.length === 0 ? null : computeStatistic(head, 'p50'),
    decision,
    context: where,
    caveat: stoppedEarly === null ? undefined : `Note: ${stoppedEarly}.`,
    file: options.file ?? null,
    machine,
  };
}

function outcome(context: RuleContext, hardware: Hardware, runs: InterleavedRuns, verdicts: BenchmarkVerdict[]): RuleOutcome {
  const findings = verdicts.map(verdictFinding);
  const headRuns = runs.head;
  if (findings.length === 0) {
    findings.push(
      finding({
        check: 'samples',
        status: 'error',
        message:
          runs.stoppedEarly === null
            ? 'the benchmark command ran but reported no benchmarks to judge'
            : `nothing to judge: ${runs.stoppedEarly}`,
        file: context.source.file,
        line: context.source.line,
      }),
    );
  }
  const sha = context.head.sha;
  // Every head invocation is a run worth keeping; the door writes it only from the default branch.
  const records =
    sha === null || headRuns.length === 0
      ? []
      : [
          noteRecord(
            context.rule.id,
            sha,
            hardware,
            headRuns.map((o) => summarizeRun(o, false)),
          ),
        ];
  return { findings, records };
}

/** The chosen statistic of each invocation's steady rounds, for one benchmark (missing ones left out). */
function perRun(observations: Observation[], name: string, options: BenchmarkOptions): number[] {
  return observations.flatMap((o) => {
    const samples = o.get(name);
    return samples === undefined || samples.length === 0 ? [] : [steadyStatistic(samples, options)];
  });
}

function benchmarkNames(observations: Observation[]): string[] {
  return [...new Set(observations.flatMap((o) => [...o.keys()]))];
}

function bound(options: BenchmarkOptions) {
  return { maxIncreasePct: options.max_increase_pct, confidence: options.confidence };
}

function short(sha: string): string {
  return sha.slice(0, 7);
}
