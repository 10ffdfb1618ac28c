import { finding } from '../../report/model.js';
import { clampToCeiling } from '../limits.js';
import type { RuleContext, RuleOutcome } from '../types.js';
import { decidePaired, decideWithHistory } from './decide.js';
import { type BenchmarkVerdict, verdictFinding } from './findings.js';
import { describeHardware, type Hardware } from './hardware.js';
import { describeNotesSource, gatherNotesBaseline, noteRecord, runValue, summarizeRun } from './notes-history.js';
import { type BenchmarkOptions, baselineSource } from './options.js';
import { InterleavedRuns, type Observation, type RunPlan } from './run-mode.js';
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
  const where = `on ${describeHardware(hardware)}`;
  return withHeadDir(context, async (headDir) => {
    if (baselineSource(options) === 'notes') {
      const runs = new InterleavedRuns(plan, headDir, null);
      await runs.warmUp(options.warmup);
      await runs.measure(options.runs);
      const notes = await gatherNotesBaseline(context.history, baseSha, context.rule.id, hardware, options.history);
      const names = benchmarkNames(runs.head);
      const verdicts = names.map((name): BenchmarkVerdict => {
        const head = perRun(runs.head, name, options);
        const base = notes.runs.map((run) => runValue(run, name, options.statistic)).filter((v): v is number => v !== null);
        const decision = decideWithHistory(base, head, bound(options));
        const from = notes.commits.length === 0 ? 'no measured ancestor on this hardware' : `baseline from ${describeNotesSource(notes)}`;
        return verdict(options, name, base, head, decision, `${from}, ${where}`, runs.stoppedEarly);
      });
      return outcome(context, hardware, runs, verdicts);
    }
    return context.history.withCommitCopy(
      baseSha,
      async (baseDir) => {
        const runs = new InterleavedRuns(plan, headDir, baseDir);
        await runs.warmUp(options.warmup);
        await runs.measure(options.runs);
        let verdicts = decideRuns(options, runs, `base ${short(baseSha)} rerun interleaved ${where}`);
        if (options.confirm && runs.stoppedEarly === null && verdicts.some((v) => suspectsRegression(v, options))) {
          await runs.measure(options.runs);
          verdicts = decideRuns(options, runs, `base ${short(baseSha)} rerun interleaved ${where}, regression re-measured (confirm)`);
        }
        return outcome(context, hardware, runs, verdicts);
      },
      context.signal,
    );
  });
}

/** A fail, or an undecided change above the bound: worth the extra pairs of `confirm`. */
function suspectsRegression(v: BenchmarkVerdict, options: BenchmarkOptions): boolean {
  return v.decision.verdict === 'fail' || (v.decision.verdict === 'inconclusive' && v.decision.changePct > options.max_increase_pct);
}

function decideRuns(options: BenchmarkOptions, runs: InterleavedRuns, where: string): BenchmarkVerdict[] {
  return benchmarkNames([...runs.base, ...runs.head]).map((name) => {
    // Pairs stay aligned: an invocation that did not report this benchmark drops its pair.
    const pairs = runs.base.flatMap((b, i) => {
      const [x, y] = [b.get(name), runs.head[i]?.get(name)];
      return x === undefined || y === undefined || x.length === 0 || y.length === 0 ? [] : [[x, y] as const];
    });
    const base = pairs.map(([x]) => computeStatistic(x, options.statistic));
    const head = pairs.map(([, y]) => computeStatistic(y, options.statistic));
    return verdict(options, name, base, head, decidePaired(base, head, bound(options)), where, runs.stoppedEarly);
  });
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

/** The chosen statistic of each invocation's samples, for one benchmark (missing ones left out). */
function perRun(observations: Observation[], name: string, options: BenchmarkOptions): number[] {
  return observations.flatMap((o) => {
    const samples = o.get(name);
    return samples === undefined || samples.length === 0 ? [] : [computeStatistic(samples, options.statistic)];
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
