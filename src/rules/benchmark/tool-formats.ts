import { InputError } from '../../errors.js';
import { type BenchmarkSamples, isObject, numbers } from './result-values.js';
import { toMilliseconds } from './units.js';

/*
 * The JSON the benchmark tools write, read as they really write it (fixtures/outputs/benchmark
 * and the tests produce it with the tools themselves).
 */

/** pytest-benchmark `--benchmark-json`: `benchmarks[].stats.data` holds each round, in seconds. */
export function parsePytestBenchmark(json: unknown, file: string): BenchmarkSamples[] {
  const list = benchmarkList(json, file);
  const names = list.map((b) => (isObject(b) && typeof b.name === 'string' ? b.name : ''));
  return list.map((entry, index) => {
    if (!isObject(entry) || !isObject(entry.stats)) throw new InputError(`${file}: benchmark ${index + 1} has no stats`, { file });
    // Two tests of the same name in different modules: fall back to the full node id.
    const short = names[index]!;
    const name = short !== '' && names.indexOf(short) === names.lastIndexOf(short) ? short : String(entry.fullname ?? short);
    const data = entry.stats.data;
    if (data === undefined) {
      throw new InputError(`${file}: ${name} has no per-round samples (stats.data)`, {
        file,
        hint: 'do not pass --benchmark-json through a tool that strips stats.data; the decision needs the rounds',
      });
    }
    return { name, samples: numbers(data, `${file}: ${name} stats.data`, file).map((s) => s * 1000) };
  });
}

/**
 * Google Benchmark `--benchmark_format=json`: each repetition is an `iteration` entry (its
 * real_time is the mean over its iterations); aggregates (mean, median, stddev) are used only
 * when there are no repetitions, as a single sample.
 */
export function parseGoogleBenchmark(json: unknown, file: string): BenchmarkSamples[] {
  const byName = new Map<string, { iterations: number[]; aggregate: number | undefined }>();
  for (const entry of benchmarkList(json, file)) {
    if (!isObject(entry) || typeof entry.name !== 'string') continue;
    if (entry.error_occurred === true)
      throw new InputError(`${file}: ${entry.name} reported an error: ${String(entry.error_message)}`, { file });
    const name = typeof entry.run_name === 'string' ? entry.run_name : entry.name;
    const slot = byName.get(name) ?? { iterations: [], aggregate: undefined };
    byName.set(name, slot);
    if (typeof entry.real_time !== 'number') continue;
    const [value] = numbers([entry.real_time], `${file}: ${name} real_time`, file);
    const ms = value! * toMilliseconds(String(entry.time_unit ?? 'ns'), file);
    if (entry.run_type === 'aggregate') {
      if (entry.aggregate_name === 'mean') slot.aggregate = ms;
    } else {
      slot.iterations.push(ms);
    }
  }
  return [...byName.entries()].map(([name, slot]) => ({
    name,
    samples: slot.iterations.length > 0 ? slot.iterations : slot.aggregate === undefined ? [] : [slot.aggregate],
  }));
}

/** hyperfine `--export-json`: `results[].times`, in seconds, one per command run. */
export function parseHyperfine(json: unknown, file: string): BenchmarkSamples[] {
  const results = isObject(json) ? json.results : undefined;
  if (!Array.isArray(results)) throw new InputError(`${file}: expected hyperfine's "results" list`, { file });
  return results.map((entry, index) => {
    if (!isObject(entry)) throw new InputError(`${file}: result ${index + 1} is not an object`, { file });
    const name = typeof entry.command === 'string' ? entry.command : `command ${index + 1}`;
    return { name, samples: numbers(entry.times ?? [], `${file}: ${name} times`, file).map((s) => s * 1000) };
  });
}

function benchmarkList(json: unknown, file: string): unknown[] {
  const list = isObject(json) ? json.benchmarks : undefined;
  if (!Array.isArray(list)) throw new InputError(`${file}: expected a "benchmarks" list`, { file });
  return list;
}

/** Where a results file says it was measured: `key` must match for two files to be compared. */
export interface RecordedMachine {
  key: string;
  description: string;
}

/**
 * The machine as the file's format records it: pytest-benchmark's `machine_info` (CPU brand and
 * architecture), Google Benchmark's `context` (CPU count and clock). Host names are left out of
 * the key: CI runners of one kind have a new name every job. Hyperfine and plain samples record none.
 */
export function recordedMachine(json: unknown, format: string): RecordedMachine | null {
  if (!isObject(json)) return null;
  if (format === 'pytest-benchmark' && isObject(json.machine_info)) {
    const info = json.machine_info;
    const cpu = isObject(info.cpu) ? (text(info.cpu.brand_raw) ?? text(info.cpu.brand)) : null;
    const arch = text(info.machine);
    if (cpu === null && arch === null) return null;
    const key = `pytest-benchmark: ${cpu ?? 'unknown CPU'} (${arch ?? 'unknown architecture'})`;
    return { key, description: `${cpu ?? 'an unnamed CPU'}${arch === null ? '' : ` (${arch})`}, as the file records it` };
  }
  if (format === 'google-benchmark' && isObject(json.context)) {
    const cpus = typeof json.context.num_cpus === 'number' ? json.context.num_cpus : null;
    const mhz = typeof json.context.mhz_per_cpu === 'number' ? json.context.mhz_per_cpu : null;
    if (cpus === null && mhz === null) return null;
    const key = `google-benchmark: ${cpus ?? '?'} CPUs at ${mhz ?? '?'} MHz`;
    return { key, description: `${cpus ?? 'an unrecorded number of'} CPUs at ${mhz ?? 'an unrecorded'} MHz, as the file records it` };
  }
  return null;
}

/** A short, printable string from the file (it is the pull request's text), or null. */
function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const clean = value
    .replace(/[^\x20-\x7e]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80);
  return clean === '' ? null : clean;
}
