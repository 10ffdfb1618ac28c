/**
 * A finding as the four short cells of the comment's table (what, head, baseline, allowed),
 * in words and numbers for people: `3 of 344 rows (0.9%)`, not `rows: 3, fraction: 0.008721`.
 * Plain strings; the renderer escapes them.
 */
import type { Finding } from './model.js';
import { formatNumbers, formatPercent, formatValue } from './values.js';

export interface FindingCells {
  what: string;
  head: string;
  baseline: string;
  allowed: string;
}

/** The check names the rule kinds use, as words after the subject: [when it failed, otherwise]. */
const CHECK_WORDS: Record<string, [string, string]> = {
  min: ['too low', 'minimum'],
  max: ['too high', 'maximum'],
  max_drop: ['fell', 'drop'],
  max_drop_pct: ['fell', 'drop'],
  max_rise: ['rose', 'rise'],
  max_rise_pct: ['rose', 'rise'],
  max_increase_pct: ['rose', 'rise'],
  max_gap: ['gap between slices', 'gap between slices'],
  required: ['missing', 'required'],
  unique: ['repeated', 'unique'],
  type: ['wrong type', 'type'],
  invalidValues: ['invalid values', 'valid values'],
  nullValues: ['too many nulls', 'nulls'],
  pattern: ['not matching the pattern', 'pattern'],
  enum: ['outside the allowed values', 'allowed values'],
  rowCount: ['row count', 'row count'],
  read: ['unreadable', 'read'],
  'schema.removed': ['column removed', 'schema'],
  'schema.retyped': ['type changed', 'schema'],
  'drift.ks': ['distribution shifted', 'drift'],
  'drift.psi': ['distribution shifted', 'drift'],
};

export function describeFinding(f: Finding): FindingCells {
  const words = CHECK_WORDS[f.check];
  const word = words === undefined ? f.check : words[f.status === 'pass' || f.status === 'skip' ? 1 : 0];
  const what = f.subject === undefined ? word : `${f.subject} ${word}`;
  return { what, ...numberCells(f) };
}

function numberCells(f: Finding): Omit<FindingCells, 'what'> {
  const { observed, baseline, expected } = f;
  if (typeof observed === 'number' && typeof baseline === 'number') {
    const [head, base] = formatNumbers([observed, baseline]);
    return { head: head!, baseline: base!, allowed: formatBound(expected) };
  }
  const rows = rowCount(observed);
  if (rows !== null) {
    return { head: rows, baseline: formatOther(baseline), allowed: expected === 0 ? 'none' : formatBound(expected) };
  }
  const drift = driftStatistic(observed);
  if (drift !== null) return { head: drift, baseline: '', allowed: formatBound(expected) };
  const allowed = formatBound(expected);
  const base = formatOther(baseline);
  // A bound that only says "as at the baseline" repeats the baseline cell.
  return { head: formatOther(observed), baseline: base, allowed: allowed === base && base !== '' ? 'unchanged' : allowed };
}

/** `{ rows, total, fraction }` from a data-contract check: `3 of 344 rows (0.9%)`. */
function rowCount(value: unknown): string | null {
  if (value === null || typeof value !== 'object') return null;
  const { rows, total, fraction } = value as Record<string, unknown>;
  if (typeof rows !== 'number' || typeof total !== 'number') return null;
  if (rows === 0) return `none of ${total} rows`;
  const share = typeof fraction === 'number' ? ` (${formatPercent(fraction)})` : '';
  return `${rows} of ${total} row${total === 1 ? '' : 's'}${share}`;
}

/** A drift observation's distance: `KS 0.53` or `PSI 0.31`. The distributions go to a chart. */
function driftStatistic(value: unknown): string | null {
  if (value === null || typeof value !== 'object') return null;
  const { ks, psi } = value as Record<string, unknown>;
  if (typeof ks === 'number') return `KS ${formatNumbers([ks])[0]}`;
  if (typeof psi === 'number') return `PSI ${formatNumbers([psi])[0]}`;
  return null;
}

function formatBound(expected: unknown): string {
  if (typeof expected !== 'string') return formatOther(expected);
  return expected.replaceAll('<=', '≤').replaceAll('>=', '≥');
}

function formatOther(value: unknown): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return '';
  return formatValue(value);
}

/** `lines 6, 51, 151` from example rows that carry their line, when the rule recorded them. */
export function sampleLines(f: Finding, max = 5): string {
  const lines = (f.samples ?? [])
    .map((s) => (s !== null && typeof s === 'object' ? (s as Record<string, unknown>).line : undefined))
    .filter((line): line is number => typeof line === 'number');
  if (lines.length === 0) return '';
  const shown = lines.slice(0, max).join(', ');
  return `line${lines.length === 1 ? '' : 's'} ${shown}${lines.length > max ? ', …' : ''}`;
}
