import { InputError } from '../../errors.js';
import { DEFAULT_NOTES_REF } from '../../git/history.js';
import type { RuleRecord } from '../../report/model.js';
import type { RuleContext } from '../types.js';
import type { BaselineSide } from './check-pattern.js';
import type { MetricEntry, MetricTable } from './metric-table.js';

/*
 * `baseline: notes`: metrics a workflow produces in CI (not committed) are kept as a git note
 * on the commit they measured, under the rule id, and a pull request compares with the note on
 * its merge-base or the nearest first-parent ancestor that has one. The same notes store as the
 * benchmark rule (docs/benchmarks.md); the door writes records from the default branch only.
 */
const MAX_ANCESTORS = 50;

interface MetricsNote {
  version: 1;
  metrics: Record<string, number>;
}

/** The head's numeric metrics as a record for the door to keep. */
export function metricsRecord(ruleId: string, commit: string, table: MetricTable): RuleRecord {
  const metrics: Record<string, number> = {};
  for (const [key, entry] of table.entries)
    if (entry.value.kind === 'number' && Number.isFinite(entry.value.value)) metrics[key] = entry.value.value;
  const data: MetricsNote = { version: 1, metrics };
  return { type: 'note', notesRef: DEFAULT_NOTES_REF, commit, key: ruleId, data };
}

/** The metrics in the nearest note at or below the baseline commit, as a baseline side. */
export async function readNotesBaseline(context: RuleContext, file: string): Promise<BaselineSide> {
  const start = context.baselineInfo.sha;
  if (start === null) return { problem: context.baselineInfo.description.replace(/^no baseline:\s*/i, '') };
  for (const sha of await context.history.ancestors(start, MAX_ANCESTORS)) {
    context.signal.throwIfAborted();
    const metrics = parseNote(await context.history.readNote(sha), context.rule.id, sha);
    if (metrics === null) continue;
    const entries = new Map<string, MetricEntry>(
      Object.entries(metrics).map(([key, value]) => [key, { key, value: { kind: 'number', value }, file, locate: () => null }]),
    );
    // The notes ref's commit too: notes are pushed without review, and its log says by whom.
    const tip = await context.history.notesCommit(DEFAULT_NOTES_REF);
    const at = tip === null ? '' : ` at ${tip.slice(0, 7)}`;
    return { table: { entries }, where: `in the note on ${sha.slice(0, 7)} (${DEFAULT_NOTES_REF}${at})` };
  }
  return {
    problem: `no note with these metrics on ${start.slice(0, 7)} or its last ${MAX_ANCESTORS} first-parent ancestors`,
    remedy: 'run the workflow on the default branch so that it records them (notes are written from the default branch only)',
  };
}

/**
 * Notes can be pushed by anyone with write access, and ml-guardrails writes only finite numbers:
 * any other value is refused (fail closed), never dropped, which would skip its `max_drop`.
 */
function parseNote(text: string | null, ruleId: string, sha: string): Record<string, number> | null {
  if (text === null) return null;
  let entry: Partial<MetricsNote> | undefined;
  try {
    entry = (JSON.parse(text) as Record<string, unknown>)[ruleId] as Partial<MetricsNote> | undefined;
  } catch {
    return null; // another tool's note (plain text) on the same commit
  }
  if (entry === undefined || entry === null) return null;
  if (entry.version !== 1 || typeof entry.metrics !== 'object' || entry.metrics === null || Array.isArray(entry.metrics)) {
    throw badNote(sha, `its "${ruleId}" entry is not a version 1 metrics record`);
  }
  for (const [key, value] of Object.entries(entry.metrics)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw badNote(sha, `"${ruleId}" metric "${key}" is ${describeValue(value)}, not a finite number`);
    }
  }
  return entry.metrics;
}

function badNote(sha: string, what: string): InputError {
  return new InputError(`the note on ${sha.slice(0, 7)} (${DEFAULT_NOTES_REF}): ${what}`, {
    hint: 'ml-guardrails writes numbers only, so the note was edited by hand: fix or remove it (git notes --ref ml-guardrails remove <commit>)',
  });
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : String(value);
}
