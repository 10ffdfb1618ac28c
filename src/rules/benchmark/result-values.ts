import { InputError } from '../../errors.js';

/** One benchmark of a results file: its latency samples, in milliseconds. */
export interface BenchmarkSamples {
  name: string;
  samples: number[];
}

/** The smallest normal double: a denormal "latency" is an artefact (of a unit, a cast), never a timer's reading. */
const SMALLEST_NORMAL = 2 ** -1022;

export const LATENCY_EXPECTED = 'expected 0 or a finite positive number, not a denormal';

/**
 * A finite latency of 0 (hyperfine clamps a command faster than its shell to 0) or at least the
 * smallest normal number. A statistic of 0 is refused later (file-evaluation.ts): 0 is not a measurement.
 */
export function isLatency(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && (value === 0 || value >= SMALLEST_NORMAL);
}

export function numbers(values: unknown, where: string, file?: string): number[] {
  if (!Array.isArray(values)) throw new InputError(`${where}: expected a list of latencies`, { file });
  const bad = values.findIndex((v) => !isLatency(v));
  if (bad !== -1) {
    throw new InputError(`${where}: sample ${bad + 1} is ${String(values[bad])}, not a latency (${LATENCY_EXPECTED})`, {
      file,
      hint: 'a negative, infinite or denormal latency is not a measurement: check the timer and the unit',
    });
  }
  return values as number[];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
