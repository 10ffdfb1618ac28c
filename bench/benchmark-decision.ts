// Simulation of the benchmark rule's decision on synthetic latencies (issue 11): false alarms
// at no true change and detection of true +5/+10/+20%, for the rule's three modes next to the
// single-number ratios tools use today (110%, 200% on the means) and a within-run bootstrap
// that treats every round as independent. Bound 5%, confidence 0.95, statistic p50.
import { decideOnSamples, decidePaired, decideWithHistory, type Verdict } from '../src/rules/benchmark/decide.js';
import { diagnoseRun, withDiagnoses } from '../src/rules/benchmark/stability.js';
import { bootstrapLogRatio, computeStatistic, seededRandom } from '../src/rules/benchmark/statistics.js';
import { type Figure, round } from './measure.js';

const BOUND = { maxIncreasePct: 5, confidence: 0.95 };
const CVS = [0.02, 0.05, 0.1];
const SPREADS = [0, 0.02, 0.05, 0.2, 0.5];
const ROUNDS = [10, 30];
const CHANGES = [0, 0.05, 0.1, 0.2];
const DRIFT = 0.1;
const PAIRS = 10;
const HISTORY = 5;
const MODES = ['interleaved', 'history', 'none'] as const;
const METHODS = [...MODES, 'ratio-110', 'ratio-200', 'bootstrap'] as const;
type Method = (typeof METHODS)[number];

interface Scenario {
  cv: number;
  outliers: boolean;
  spread: number;
  rounds: number;
  change: number;
}

/** A run of `rounds` latencies (base 10 ms): lognormal noise, optional 2% heavy tail, a drift factor per round. */
function simulateRun(random: () => number, s: Scenario, factor: (round: number) => number): number[] {
  const shift = Math.exp(s.spread * gaussian(random));
  const sigma = Math.sqrt(Math.log(1 + s.cv * s.cv));
  return Array.from({ length: s.rounds }, (_, r) => {
    let value = 10 * shift * factor(r) * Math.exp(sigma * gaussian(random) - (sigma * sigma) / 2);
    if (s.outliers && random() < 0.02) value *= 2 + 3 * random();
    return value;
  });
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** One trial of every method on one scenario; true means "alarm" (a fail verdict). */
async function trial(random: () => number, s: Scenario, withNone: boolean): Promise<Partial<Record<Method, Verdict>>> {
  const head = 1 + s.change;
  // Interleaved: 2 x PAIRS invocations in one session (A B B A ...), the drift spans the session.
  const base: number[][] = [];
  const heads: number[][] = [];
  for (let i = 0; i < PAIRS; i++) {
    const slots = i % 2 === 0 ? [2 * i, 2 * i + 1] : [2 * i + 1, 2 * i];
    base.push(simulateRun(random, s, () => 1 + (DRIFT * slots[0]!) / (2 * PAIRS)));
    heads.push(simulateRun(random, s, () => head * (1 + (DRIFT * slots[1]!) / (2 * PAIRS))));
  }
  const p50 = (run: number[]) => computeStatistic(run, 'p50');
  const out: Partial<Record<Method, Verdict>> = { interleaved: decidePaired(base.map(p50), heads.map(p50), BOUND).verdict };
  // Separate runs: each run is its own session, the drift spans its rounds.
  const within = (r: number) => 1 + (DRIFT * r) / s.rounds;
  const history = Array.from({ length: HISTORY }, () => simulateRun(random, s, within));
  const headRun = simulateRun(random, s, (r) => head * within(r));
  const historyDecision = decideWithHistory(history.map(p50), [p50(headRun)], BOUND);
  out.history = withDiagnoses(historyDecision, { head: diagnoseRun(headRun, 5), base: null }).verdict;
  const baseRun = history[0]!;
  if (withNone)
    out.none = withDiagnoses(await decideOnSamples(baseRun, headRun, 'p50', BOUND), { head: diagnoseRun(headRun, 5), base: diagnoseRun(baseRun, 5) }).verdict;
  const ratio = mean(headRun) / mean(baseRun);
  out['ratio-110'] = ratio > 1.1 ? 'fail' : 'pass';
  out['ratio-200'] = ratio > 2 ? 'fail' : 'pass';
  if (withNone)
    out.bootstrap = (await bootstrapLogRatio(baseRun, headRun, 'p50', 0.95, undefined, 500))[0] > Math.log(1.05) ? 'fail' : 'pass';
  return out;
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

export async function benchBenchmarkDecision(): Promise<Figure[]> {
  const random = seededRandom(20261126);
  const trials = Number(process.env.BENCH_DECISION_TRIALS ?? 200);
  const rates: Record<string, { alarms: number; inconclusive: number; n: number }> = {};
  const tally = (key: string, verdict: Verdict | undefined) => {
    if (verdict === undefined) return;
    const cell = rates[key] ?? { alarms: 0, inconclusive: 0, n: 0 };
    rates[key] = cell;
    cell.n++;
    if (verdict === 'fail') cell.alarms++;
    if (verdict === 'inconclusive') cell.inconclusive++;
  };
  for (const cv of CVS)
    for (const outliers of [false, true])
      for (const spread of SPREADS)
        for (const rounds of ROUNDS)
          for (const change of CHANGES) {
            const s = { cv, outliers, spread, rounds, change };
            for (let t = 0; t < trials; t++) {
              // The bootstrap modes cost ~1000x more: an eighth of the trials is enough to show them.
              const result = await trial(random, s, t % 8 === 0);
              for (const method of METHODS) tally(`${method}|${change}|${spread}|${cv}|${rounds}|${outliers}`, result[method]);
            }
          }
  return summarize(rates, trials);
}

function summarize(rates: Record<string, { alarms: number; inconclusive: number; n: number }>, trials: number): Figure[] {
  const figures: Figure[] = [];
  const pick = (method: Method, change: number, filter: (spread: number, cv: number, rounds: number, outliers: boolean) => boolean) => {
    let alarms = 0;
    let inconclusive = 0;
    let n = 0;
    let worst = 0;
    for (const [key, cell] of Object.entries(rates)) {
      const [m, c, spread, cv, rounds, outliers] = key.split('|');
      if (m !== method || Number(c) !== change || !filter(Number(spread), Number(cv), Number(rounds), outliers === 'true')) continue;
      alarms += cell.alarms;
      inconclusive += cell.inconclusive;
      n += cell.n;
      worst = Math.max(worst, cell.alarms / cell.n);
    }
    return { rate: n === 0 ? 0 : alarms / n, inconclusive: n === 0 ? 0 : inconclusive / n, worst, n };
  };
  const note = `${trials} trials per cell (an eighth for none/bootstrap), bound 5%, confidence 0.95, p50, drift 10%`;
  for (const method of METHODS) {
    for (const spread of SPREADS) {
      const fa = pick(method, 0, (sp) => sp === spread);
      figures.push({
        name: `false alarms ${method} spread ${spread * 100}%`,
        value: round(fa.rate * 100, 2),
        unit: '%',
        note: `worst cell ${round(fa.worst * 100, 1)}%, inconclusive ${round(fa.inconclusive * 100, 0)}%, ${note}`,
      });
    }
    for (const change of [0.05, 0.1, 0.2]) {
      const det = pick(method, change, (sp, cv) => sp <= 0.02 && cv === 0.05);
      figures.push({
        name: `detection ${method} +${change * 100}% (CV 5%, spread <= 2%)`,
        value: round(det.rate * 100, 1),
        unit: '%',
        note: `inconclusive ${round(det.inconclusive * 100, 0)}%`,
      });
    }
    const det10 = pick(method, 0.1, (sp, cv) => sp <= 0.02 && cv === 0.05);
    const worstRounds = Math.min(
      ...ROUNDS.map((r) => pick(method, 0.1, (sp, cv, rounds) => sp <= 0.02 && cv === 0.05 && rounds === r).rate),
    );
    if (method === 'interleaved')
      figures.push({
        name: 'goal: detection interleaved +10% (worst of 10/30 rounds)',
        value: round(worstRounds * 100, 1),
        unit: '%',
        note: `pooled ${round(det10.rate * 100, 1)}%; goal >= 95%`,
      });
  }
  return figures;
}
