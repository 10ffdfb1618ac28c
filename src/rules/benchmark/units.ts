import { InputError } from '../../errors.js';

/** Time units the result formats use, as milliseconds per unit. */
const MS_PER_UNIT: Record<string, number> = {
  s: 1000,
  sec: 1000,
  seconds: 1000,
  ms: 1,
  milliseconds: 1,
  us: 1e-3,
  µs: 1e-3,
  microseconds: 1e-3,
  ns: 1e-6,
  nanoseconds: 1e-6,
};

export const TIME_UNITS = ['s', 'ms', 'us', 'ns'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

/** Factor that turns values in `unit` into milliseconds; InputError for a unit that is not time. */
export function toMilliseconds(unit: string, file: string): number {
  const factor = MS_PER_UNIT[unit.trim().toLowerCase()];
  if (factor === undefined) {
    throw new InputError(`${file}: unit "${unit}" is not a time unit`, { file, hint: `use one of ${TIME_UNITS.join(', ')}` });
  }
  return factor;
}

/** A latency in milliseconds, written with a unit that keeps 3 significant digits readable. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= 1000) return `${(ms / 1000).toPrecision(3)} s`;
  if (abs >= 1) return `${ms.toPrecision(3)} ms`;
  if (abs >= 1e-3) return `${(ms * 1e3).toPrecision(3)} µs`;
  return `${(ms * 1e6).toPrecision(3)} ns`;
}
