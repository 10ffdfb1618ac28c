import { InputError } from '../../errors.js';
import { INPUT_LIMITS } from '../limits.js';
import { parseJson } from '../parse-json.js';
import { type BenchmarkSamples, isLatency, isObject, LATENCY_EXPECTED, numbers } from './result-values.js';
import { parseGoogleBenchmark, parseHyperfine, parsePytestBenchmark, type RecordedMachine, recordedMachine } from './tool-formats.js';
import { toMilliseconds } from './units.js';

export type { BenchmarkSamples } from './result-values.js';

export const RESULT_FORMATS = ['auto', 'pytest-benchmark', 'google-benchmark', 'hyperfine', 'samples'] as const;
export type ResultFormat = (typeof RESULT_FORMATS)[number];

export interface ParsedResults {
  format: Exclude<ResultFormat, 'auto'>;
  benchmarks: BenchmarkSamples[];
  /** The machine the file says it was measured on, where its format records one. */
  machine: RecordedMachine | null;
}

/**
 * Reads a results file as the tools write it. `unit` is the unit of a plain samples file that
 * does not name its own. Every benchmark in the file is returned, in file order. A file with
 * more values or samples than INPUT_LIMITS allows is refused before the statistics start.
 */
export function parseResults(text: string, file: string, format: ResultFormat, unit: string): ParsedResults {
  const json = format === 'samples' || format === 'auto' ? tryJson(text, file) : parseJson(text, file, INPUT_LIMITS.resultValues);
  const detected = format === 'auto' ? detectFormat(json) : format;
  const parsed: Omit<ParsedResults, 'machine'> =
    detected === 'pytest-benchmark'
      ? { format: detected, benchmarks: parsePytestBenchmark(json, file) }
      : detected === 'google-benchmark'
        ? { format: detected, benchmarks: parseGoogleBenchmark(json, file) }
        : detected === 'hyperfine'
          ? { format: detected, benchmarks: parseHyperfine(json, file) }
          : { format: 'samples', benchmarks: json === undefined ? parseSampleLines(text, file, unit) : parseSampleJson(json, file, unit) };
  checkSampleCount(parsed.benchmarks, file);
  return { ...parsed, machine: recordedMachine(json, parsed.format) };
}

function checkSampleCount(benchmarks: BenchmarkSamples[], file: string): void {
  const total = benchmarks.reduce((sum, b) => sum + b.samples.length, 0);
  if (total <= INPUT_LIMITS.samples) return;
  throw new InputError(
    `${file} holds ${total.toLocaleString('en-US')} samples; at most ${INPUT_LIMITS.samples.toLocaleString('en-US')} are judged`,
    {
      file,
      hint: 'record fewer rounds, or split the benchmarks over several results files',
    },
  );
}

function detectFormat(json: unknown): Exclude<ResultFormat, 'auto'> {
  if (!isObject(json)) return 'samples';
  const first = Array.isArray(json.benchmarks) ? json.benchmarks[0] : undefined;
  if (isObject(first) && isObject(first.stats)) return 'pytest-benchmark';
  if (isObject(json.context) && Array.isArray(json.benchmarks)) return 'google-benchmark';
  if (Array.isArray(json.results)) return 'hyperfine';
  return 'samples';
}

/** `{ unit?, samples: [...] }`, `{ unit?, benchmarks: { name: [...] } }` or a bare array. */
function parseSampleJson(json: unknown, file: string, defaultUnit: string): BenchmarkSamples[] {
  const unit = isObject(json) && typeof json.unit === 'string' ? json.unit : defaultUnit;
  const factor = toMilliseconds(unit, file);
  const named: [string, unknown][] = Array.isArray(json)
    ? [['samples', json]]
    : isObject(json) && isObject(json.benchmarks)
      ? Object.entries(json.benchmarks)
      : isObject(json) && Array.isArray(json.samples)
        ? [['samples', json.samples]]
        : [];
  if (named.length === 0) {
    throw new InputError(`${file} is not a results file ml-guardrails knows`, {
      file,
      hint: 'write pytest-benchmark, Google Benchmark or hyperfine JSON, or samples as {"unit": "ms", "samples": [...]} or one number per line',
    });
  }
  return named.map(([name, values]) => ({ name, samples: numbers(values, `${file}: ${name}`, file).map((v) => v * factor) }));
}

/** One number per line; `# unit: ms` on a comment line sets the unit. Scanned, not split: a file of empty lines costs no array. */
function parseSampleLines(text: string, file: string, defaultUnit: string): BenchmarkSamples[] {
  let unit = defaultUnit;
  const samples: number[] = [];
  for (let start = 0, index = 0; start < text.length && samples.length <= INPUT_LIMITS.samples; index++) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '') continue;
    const unitLine = /^#\s*unit\s*[:=]\s*(\S+)/i.exec(line);
    if (unitLine !== null) unit = unitLine[1]!;
    if (line.startsWith('#')) continue;
    const value = Number(line);
    if (!isLatency(value)) {
      throw new InputError(`${file}:${index + 1}: "${line.slice(0, 40)}" is not a latency (${LATENCY_EXPECTED})`, {
        file,
        line: index + 1,
      });
    }
    samples.push(value);
  }
  const factor = toMilliseconds(unit, file);
  return [{ name: 'samples', samples: samples.map((v) => v * factor) }];
}

/** JSON when the text looks like it (and must then parse), undefined for a lines file. */
function tryJson(text: string, file: string): unknown {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  return parseJson(trimmed, file, INPUT_LIMITS.resultValues);
}
