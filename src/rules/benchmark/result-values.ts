import { InputError } from '../../errors.js';

/** One benchmark of a results file: its latency samples, in milliseconds. */
export interface BenchmarkSamples {
  name: string;
  samples: number[];
}

export function numbers(values: unknown, where: string): number[] {
  if (!Array.isArray(values) || !values.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0)) {
    throw new InputError(`${where}: expected a list of non-negative numbers`);
  }
  return values as number[];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
