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
    const metrics = parseNote(await context.history.readNote(sha), context.rule.id);
    if (metrics === null) continue;
    const entries = new Map<string, MetricEntry>(
      Object.entries(metrics).map(([key, value]) => [key, { key, value: { kind: 'number', value }, file, locate: () => null }]),
    );
    return { table: { entries }, where: `in the note on ${sha.slice(0, 7)} (${DEFAULT_NOTES_REF})` };
  }
  return {
    problem: `no note with these metrics on ${start.slice(0, 7)} or its last ${MAX_ANCESTORS} first-parent ancestors`,
    remedy: 'run the workflow on the default branch so that it records them (notes are written from the default branch only)',
  };
}

/** Notes can be pushed by anyone with write access: keep only finite numbers. */
function parseNote(text: string | null, ruleId: string): Record<string, number> | null {
  if (text === null) return null;
  try {
    const entry = (JSON.parse(text) as Record<string, unknown>)[ruleId] as Partial<MetricsNote> | undefined;
    if (entry?.version !== 1 || typeof entry.metrics !== 'object' || entry.metrics === null) return null;
    return Object.fromEntries(Object.entries(entry.metrics).filter(([, v]) => typeof v === 'number' && Number.isFinite(v)));
  } catch {
    return null;
  }
}
