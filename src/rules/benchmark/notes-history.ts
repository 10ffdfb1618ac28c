import { InputError } from '../../errors.js';
import { DEFAULT_NOTES_REF } from '../../git/history.js';
import type { MetricHistoryPoint } from '../../report/model.js';
import type { RepositoryHistory, RuleRecord } from '../types.js';
import type { Hardware } from './hardware.js';
import { isObject } from './result-values.js';
import { computeStatistic, STATISTICS, type StatisticName } from './statistics.js';

/** One run (a process invocation or a results file) as kept in a note: every statistic, in ms. */
export type RunSummary = Record<StatisticName, number> & { n: number; samples?: number[] };
export interface NoteRun {
  benchmarks: Record<string, RunSummary>;
}
/** What a benchmark rule keeps in the note on the commit it measured, under its rule id. */
export interface BenchmarkNote {
  version: 1;
  hardware: Hardware;
  measuredAt: string;
  runs: NoteRun[];
}

const MAX_KEPT_SAMPLES = 200;
const MAX_ANCESTORS = 50;
const CHART_COMMITS = 20;

/** A run's benchmarks summarised for a note; the samples are kept (capped) for single runs. */
export function summarizeRun(benchmarks: Map<string, number[]>, keepSamples: boolean): NoteRun {
  const out: Record<string, RunSummary> = {};
  for (const [name, samples] of benchmarks) {
    if (samples.length === 0) continue;
    const summary = { n: samples.length } as RunSummary;
    for (const statistic of STATISTICS) summary[statistic] = round(computeStatistic(samples, statistic));
    if (keepSamples) summary.samples = samples.slice(0, MAX_KEPT_SAMPLES).map(round);
    out[name] = summary;
  }
  return { benchmarks: out };
}

export function noteRecord(ruleId: string, commit: string, hardware: Hardware, runs: NoteRun[]): RuleRecord {
  const data: BenchmarkNote = { version: 1, hardware, measuredAt: new Date().toISOString(), runs };
  return { type: 'note', notesRef: DEFAULT_NOTES_REF, commit, key: ruleId, data };
}

export interface NotesBaseline {
  /** Every run of the measured sessions, nearest first. */
  runs: NoteRun[];
  /** The runs of each measured commit (one session: its runs are not independent), nearest first. */
  sessions: NoteRun[][];
  /** The measured commits the runs came from, nearest first. */
  commits: string[];
  /** Hardware of the nearest note that was skipped for being measured elsewhere, if any. */
  skippedHardware: string | null;
  /** The notes ref's commit the notes were read at: notes are pushed without review, its log says by whom. */
  notesCommit: string | null;
}

/**
 * Baseline sessions from notes: from `start` back along first parents, the runs of this rule
 * measured on the same hardware, until `wanted` measured commits (sessions) are gathered. Notes can be pushed by
 * anyone with write access, so their shape is checked, not trusted.
 */
export async function gatherNotesBaseline(
  history: RepositoryHistory,
  start: string,
  ruleId: string,
  hardware: Hardware,
  wanted: number,
): Promise<NotesBaseline> {
  const result: NotesBaseline = {
    runs: [],
    sessions: [],
    commits: [],
    skippedHardware: null,
    notesCommit: await history.notesCommit(DEFAULT_NOTES_REF),
  };
  for await (const { sha, note } of measuredAncestors(history, start, ruleId, MAX_ANCESTORS)) {
    if (note.hardware.key !== hardware.key) {
      result.skippedHardware ??= note.hardware.key;
      continue;
    }
    result.runs.push(...note.runs);
    result.sessions.push(note.runs);
    result.commits.push(sha);
    if (result.sessions.length >= wanted) break;
  }
  return result;
}

/**
 * Each benchmark's statistic at the last measured commits on this hardware (the median of a
 * commit's runs), oldest first: the report draws it as a chart beside the head's value.
 */
export async function readRecentHistory(
  history: RepositoryHistory,
  start: string,
  ruleId: string,
  hardware: Hardware,
  statistic: StatisticName,
): Promise<Map<string, MetricHistoryPoint[]>> {
  const byName = new Map<string, MetricHistoryPoint[]>();
  for await (const { sha, note } of measuredAncestors(history, start, ruleId, CHART_COMMITS)) {
    if (note.hardware.key !== hardware.key) continue;
    const names = new Set(note.runs.flatMap((run) => Object.keys(run.benchmarks)));
    for (const name of names) {
      const values = note.runs.map((run) => runValue(run, name, statistic)).filter((v): v is number => v !== null);
      if (values.length === 0) continue;
      const points = byName.get(name) ?? [];
      points.unshift({ sha, value: round(computeStatistic(values, 'p50')) });
      byName.set(name, points);
    }
  }
  return byName;
}

async function* measuredAncestors(history: RepositoryHistory, start: string, ruleId: string, limit: number) {
  for (const sha of await history.ancestors(start, limit)) {
    const note = parseNote(await history.readNote(sha), ruleId, sha);
    if (note !== null) yield { sha, note };
  }
}

/**
 * ml-guardrails writes every statistic of every run as a number: anything else in a note was
 * written by hand and is refused (fail closed), never dropped, which would thin the baseline.
 */
function parseNote(text: string | null, ruleId: string, sha: string): BenchmarkNote | null {
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null; // another tool's note (plain text) on the same commit
  }
  const entry = isObject(value) ? value[ruleId] : undefined;
  if (entry === undefined) return null;
  if (!isObject(entry) || entry.version !== 1 || !isObject(entry.hardware) || typeof entry.hardware.key !== 'string') {
    throw badNote(sha, `its "${ruleId}" entry is not a version 1 benchmark record`);
  }
  if (!Array.isArray(entry.runs) || !entry.runs.every((run) => isObject(run) && isObject(run.benchmarks))) {
    throw badNote(sha, `"${ruleId}" runs are not a list of runs with benchmarks`);
  }
  for (const run of entry.runs as NoteRun[]) {
    for (const [name, summary] of Object.entries(run.benchmarks)) {
      const bad = isObject(summary) ? STATISTICS.find((k) => typeof summary[k] !== 'number' || !Number.isFinite(summary[k])) : 'summary';
      if (bad !== undefined) throw badNote(sha, `"${ruleId}" benchmark "${name}" has a ${bad} that is not a finite number`);
    }
  }
  return entry as unknown as BenchmarkNote;
}

function badNote(sha: string, what: string): InputError {
  return new InputError(`the note on ${sha.slice(0, 7)} (${DEFAULT_NOTES_REF}): ${what}`, {
    hint: 'ml-guardrails writes numbers only, so the note was edited by hand: fix or remove it (git notes --ref ml-guardrails remove <commit>)',
  });
}

/** "notes on abc1234, def5678 (refs/notes/ml-guardrails at 0123456)": which notes, and which push of them. */
export function describeNotesSource(notes: NotesBaseline): string {
  const at = notes.notesCommit === null ? '' : ` at ${notes.notesCommit.slice(0, 7)}`;
  return `notes on ${notes.commits.map((c) => c.slice(0, 7)).join(', ')} (${DEFAULT_NOTES_REF}${at})`;
}

/** One value per session for a benchmark: the median of the statistic over that session's runs. */
export function sessionValues(sessions: NoteRun[][], name: string, statistic: StatisticName): number[] {
  return sessions.flatMap((runs) => {
    const values = runs.map((run) => runValue(run, name, statistic)).filter((v): v is number => v !== null);
    return values.length === 0 ? [] : [computeStatistic(values, 'p50')];
  });
}

/** A statistic of one benchmark in a kept run, if it is a usable number. */
export function runValue(run: NoteRun, name: string, statistic: StatisticName): number | null {
  const summary = run.benchmarks[name];
  const value = isObject(summary) ? summary[statistic] : undefined;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}

function round(value: number): number {
  return Number(value.toPrecision(6));
}
