// Simulation of the benchmark rule's decision on synthetic latencies with the noise real GPU
// machines produce (issues 11 and 21): a warm-up step at the start of every run, autocorrelated
// rounds, heavy-tailed process-to-process and session-to-session shifts, now and then a whole
// process 30% slow, a drift across the session. False alarms at no true change, detection of a
// true +5/+10/+20%, and coverage of the printed interval, per mode. Bound 5%, confidence 0.95, p50.
import {
  type Decision,
  decideOnSamples,
  decidePaired,
  decideWithHistory,
  type Verdict,
  worthConfirming,
} from '../src/rules/benchmark/decide.js';
import { diagnoseRun, withDiagnoses } from '../src/rules/benchmark/stability.js';
import { computeStatistic, seededRandom } from '../src/rules/benchmark/statistics.js';
import { type Figure, round } from './measure.js';

const BOUND = { maxIncreasePct: 5, confidence: 0.95 };
const CVS = [0.02, 0.05, 0.1];
const SPREADS = [0, 0.02, 0.05, 0.2];
const CHANGES = [0, 0.05, 0.1, 0.2];
const ROUNDS = 40;
const DRIFT = 0.1;
const PAIRS = 10;
const SESSIONS = 5;
const RUNS_PER_SESSION = 10;
/** Now and then a whole process runs this much slower (a slowed host, a neighbour). */
const SLOW_PROCESS = { share: 0.1, factor: 1.3 };
const AUTOCORRELATION = 0.5;
const MODES = ['interleaved', 'interleaved-confirm', 'history-run', 'history-file', 'single-fail', 'single-warn', 'ratio-110'] as const;
type Mode = (typeof MODES)[number];

interface Scenario {
  cv: number;
  spread: number;
  slow: boolean;
  change: number;
}

interface Outcome {
  verdict: Verdict;
  covered: boolean | null;
}

/**
 * One process's rounds (base 10 ms): lognormal AR(1) noise of CV `cv`, 5–15 warm-up rounds at
 * boost clock (12% faster), a heavy-tailed process shift, sometimes a slow process; `factor` is
 * the code's change times the session's level.
 */
function simulateRun(random: () => number, s: Scenario, factor: number): number[] {
  const shift = Math.exp(s.spread * heavyTail(random)) * (s.slow && random() < SLOW_PROCESS.share ? SLOW_PROCESS.factor : 1);
  const sigma = Math.sqrt(Math.log(1 + s.cv * s.cv));
  const warmup = 5 + Math.floor(random() * 11);
  let noise = gaussian(random);
  return Array.from({ length: ROUNDS }, (_, r) => {
    noise = AUTOCORRELATION * noise + Math.sqrt(1 - AUTOCORRELATION ** 2) * gaussian(random);
    return 10 * factor * shift * (r < warmup ? 0.88 : 1) * Math.exp(sigma * noise - (sigma * sigma) / 2);
  });
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Student's t with 3 degrees of freedom, scaled to unit variance: shifts with heavy tails. */
function heavyTail(random: () => number): number {
  const z = gaussian(random);
  const chi = gaussian(random) ** 2 + gaussian(random) ** 2 + gaussian(random) ** 2;
  return z / Math.sqrt(chi / 3) / Math.sqrt(3);
}

const runValue = (run: number[]) => computeStatistic(diagnoseRun(run, BOUND.maxIncreasePct).steady, 'p50');
const median = (values: number[]) => computeStatistic(values, 'p50');

function outcome(decision: Decision, change: number): Outcome {
  const [low, high] = decision.intervalPct;
  const truth = change * 100;
  return { verdict: decision.verdict, covered: Number.isFinite(low) ? low <= truth && truth <= high : null };
}

/** One trial of every mode on one scenario. */
async function trial(random: () => number, s: Scenario, withSingle: boolean): Promise<Partial<Record<Mode, Outcome>>> {
  const code = 1 + s.change;
  const out: Partial<Record<Mode, Outcome>> = {};
  // Interleaved: 2 x PAIRS processes in one session (A B B A ...), the drift spans the session.
  const base: number[] = [];
  const heads: number[] = [];
  const measurePairs = (from: number) => {
    for (let i = from; i < from + PAIRS; i++) {
      const slots = i % 2 === 0 ? [2 * i, 2 * i + 1] : [2 * i + 1, 2 * i];
      base.push(runValue(simulateRun(random, s, 1 + (DRIFT * slots[0]!) / (2 * PAIRS))));
      heads.push(runValue(simulateRun(random, s, code * (1 + (DRIFT * slots[1]!) / (2 * PAIRS)))));
    }
  };
  measurePairs(0);
  const first = decidePaired(base, heads, BOUND);
  out.interleaved = outcome(first, s.change);
  // `confirm: true`: another PAIRS pairs when the rule would ask for them, judged on all of them.
  if (worthConfirming(first, BOUND.maxIncreasePct)) {
    measurePairs(PAIRS);
    out['interleaved-confirm'] = outcome(decidePaired(base, heads, BOUND), s.change);
  } else out['interleaved-confirm'] = out.interleaved;

  // History, run mode: SESSIONS measured ancestors of RUNS_PER_SESSION processes each, a heavy-tailed
  // shift per session; the head is one session, measured a second time (same session) when asked.
  const session = (level: number, runs: number) => {
    const shift = level * Math.exp(s.spread * heavyTail(random));
    return Array.from({ length: runs }, () => simulateRun(random, s, shift));
  };
  const history = Array.from({ length: SESSIONS }, () => session(1, RUNS_PER_SESSION).map(runValue));
  const headLevel = code * Math.exp(s.spread * heavyTail(random));
  const headSession = () => Array.from({ length: RUNS_PER_SESSION }, () => runValue(simulateRun(random, s, headLevel)));
  const baseSessions = history.map(median);
  const firstHead = median(headSession());
  let decision = decideWithHistory(baseSessions, [firstHead], BOUND);
  if (decision.needsSecondRun === true) decision = decideWithHistory(baseSessions, [firstHead, median(headSession())], BOUND);
  out['history-run'] = outcome(decision, s.change);

  // History, file mode: one results file per measured ancestor and one for the head.
  const fileHistory = Array.from({ length: SESSIONS }, () => session(1, 1)[0]!);
  const headRun = session(code, 1)[0]!;
  const headDiagnosis = diagnoseRun(headRun, BOUND.maxIncreasePct);
  const fileDecision = decideWithHistory(fileHistory.map(runValue), [median(headDiagnosis.steady)], BOUND);
  out['history-file'] = outcome(withDiagnoses(fileDecision, { head: headDiagnosis, base: null }), s.change);

  // One run per side: the nearest ancestor's file against the head's.
  const baseRun = fileHistory[0]!;
  out['ratio-110'] = { verdict: mean(headRun) / mean(baseRun) > 1.1 ? 'fail' : 'pass', covered: null };
  if (withSingle) {
    const baseDiagnosis = diagnoseRun(baseRun, BOUND.maxIncreasePct);
    const single = await decideOnSamples(baseDiagnosis.steady, headDiagnosis.steady, 'p50', BOUND);
    const judged = withDiagnoses(single, { head: headDiagnosis, base: baseDiagnosis });
    out['single-fail'] = outcome(judged, s.change);
    // single_run: warn reports the same fail as inconclusive: it never blocks.
    out['single-warn'] = { ...outcome(judged, s.change), verdict: judged.verdict === 'fail' ? 'inconclusive' : judged.verdict };
  }
  return out;
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

interface Cell {
  alarms: number;
  inconclusive: number;
  covered: number;
  withInterval: number;
  n: number;
}

export async function benchBenchmarkDecision(): Promise<Figure[]> {
  const random = seededRandom(20261206);
  const trials = Number(process.env.BENCH_DECISION_TRIALS ?? 200);
  const cells = new Map<string, Cell>();
  for (const cv of CVS)
    for (const slow of [false, true])
      for (const spread of SPREADS)
        for (const change of CHANGES) {
          const s = { cv, slow, spread, change };
          for (let t = 0; t < trials; t++) {
            // The bootstrap of one run per side costs ~100x more: a quarter of the trials is enough to show it.
            const result = await trial(random, s, t % 4 === 0);
            for (const mode of MODES) {
              const o = result[mode];
              if (o === undefined) continue;
              const key = `${mode}|${change}|${spread}|${cv}|${slow}`;
              const cell = cells.get(key) ?? { alarms: 0, inconclusive: 0, covered: 0, withInterval: 0, n: 0 };
              cells.set(key, cell);
              cell.n++;
              if (o.verdict === 'fail') cell.alarms++;
              if (o.verdict === 'inconclusive') cell.inconclusive++;
              if (o.covered !== null) {
                cell.withInterval++;
                if (o.covered) cell.covered++;
              }
            }
          }
        }
  return summarize(cells, trials);
}

function summarize(cells: Map<string, Cell>, trials: number): Figure[] {
  const pick = (mode: Mode, change: number, keep: (spread: number, cv: number, slow: boolean) => boolean) => {
    const sum = { alarms: 0, inconclusive: 0, covered: 0, withInterval: 0, n: 0, worst: 0 };
    for (const [key, cell] of cells) {
      const [m, c, spread, cv, slow] = key.split('|');
      if (m !== mode || Number(c) !== change || !keep(Number(spread), Number(cv), slow === 'true')) continue;
      sum.alarms += cell.alarms;
      sum.inconclusive += cell.inconclusive;
      sum.covered += cell.covered;
      sum.withInterval += cell.withInterval;
      sum.n += cell.n;
      sum.worst = Math.max(sum.worst, cell.alarms / cell.n);
    }
    return sum;
  };
  const pct = (part: number, whole: number) => (whole === 0 ? 0 : round((100 * part) / whole, 2));
  const note = `${trials} trials per cell (a quarter for single-run modes), ${ROUNDS} rounds with a 5–15 round warm-up, AR(1) ρ=${AUTOCORRELATION}, t3 shifts, drift ${DRIFT * 100}%`;
  const figures: Figure[] = [];
  for (const mode of MODES) {
    for (const slow of [false, true])
      for (const spread of SPREADS) {
        const fa = pick(mode, 0, (sp, _cv, sl) => sp === spread && sl === slow);
        figures.push({
          name: `false alarms ${mode} spread ${spread * 100}%${slow ? ' slow processes' : ''}`,
          value: pct(fa.alarms, fa.n),
          unit: '%',
          note: `worst CV cell ${round(fa.worst * 100, 2)}%, inconclusive ${pct(fa.inconclusive, fa.n)}%, ${note}`,
        });
      }
    for (const slow of [false, true])
      for (const change of [0.05, 0.1, 0.2]) {
        const det = pick(mode, change, (sp, cv, sl) => sp <= 0.02 && cv === 0.05 && sl === slow);
        figures.push({
          name: `detection ${mode} +${change * 100}% (CV 5%, spread <= 2%${slow ? ', slow processes' : ''})`,
          value: pct(det.alarms, det.n),
          unit: '%',
          note: `inconclusive ${pct(det.inconclusive, det.n)}%`,
        });
      }
    const all = CHANGES.map((c) => pick(mode, c, (sp) => sp <= 0.05));
    const covered = all.reduce((s, c) => s + c.covered, 0);
    const withInterval = all.reduce((s, c) => s + c.withInterval, 0);
    if (withInterval > 0)
      figures.push({
        name: `coverage ${mode} (spread <= 5%, all CVs and changes)`,
        value: pct(covered, withInterval),
        unit: '%',
        note: `nominal 95%; ${withInterval} intervals`,
      });
  }
  return figures;
}
