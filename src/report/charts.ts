/**
 * Pictures GitHub draws from a fenced `mermaid` block (`xychart-beta`): a drifted column's
 * baseline and head distributions side by side, and a metric's recent values on the default
 * branch. Mermaid's own syntax has no escape for quotes, so names are reduced to safe letters.
 */
import type { Finding, MetricHistoryPoint } from './model.js';
import { formatNumber, shortSha } from './values.js';

const STATS = ['min', 'median', 'mean', 'max'] as const;

/** Letters, digits and a little punctuation: nothing that ends a Mermaid string or a fence. */
function mermaidLabel(text: string, max = 40): string {
  const safe = text.replace(/[^A-Za-z0-9 _./*-]/g, '_');
  return safe.length <= max ? safe : `${safe.slice(0, max - 1)}_`;
}

function numbersOf(value: unknown, keys: readonly string[]): number[] | null {
  if (value === null || typeof value !== 'object') return null;
  const record = value as Record<string, unknown>;
  const numbers = keys.map((k) => record[k]);
  return numbers.every((n): n is number => typeof n === 'number' && Number.isFinite(n)) ? numbers : null;
}

function axisRange(values: number[]): string {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = (hi - lo) * 0.1 || Math.abs(hi) * 0.1 || 1;
  return `${formatNumber(lo - pad, 3)} --> ${formatNumber(hi + pad, 3)}`;
}

/**
 * A drift finding's distributions (observed.head and baseline carry count/mean/min/median/max):
 * bars for the baseline, a line for the head, and the same numbers as a small table.
 */
export function renderDriftChart(f: Finding): string[] {
  const head = numbersOf((f.observed as Record<string, unknown> | null)?.head, STATS);
  const base = numbersOf(f.baseline, STATS);
  if (head === null || base === null) return [];
  const name = mermaidLabel(f.subject ?? 'value');
  const chart = [
    '```mermaid',
    'xychart-beta',
    `  title "${name}: baseline (bars) and head (line)"`,
    `  x-axis [${STATS.join(', ')}]`,
    `  y-axis "${name}" ${axisRange([...head, ...base])}`,
    `  bar [${base.map((n) => formatNumber(n)).join(', ')}]`,
    `  line [${head.map((n) => formatNumber(n)).join(', ')}]`,
    '```',
  ];
  const table = ['| | baseline | head |', '| --- | --- | --- |'];
  for (const [i, stat] of STATS.entries()) table.push(`| ${stat} | ${formatNumber(base[i]!)} | ${formatNumber(head[i]!)} |`);
  return [...chart, '', ...table];
}

/** A metric's values at the last commits of the default branch, then the head, as a line. */
export function renderHistoryChart(f: Finding, history: readonly MetricHistoryPoint[]): string[] {
  if (history.length < 2 || typeof f.observed !== 'number') return [];
  const points = [...history.map((p) => ({ label: shortSha(p.sha), value: p.value })), { label: 'head', value: f.observed }];
  const name = mermaidLabel(f.subject ?? f.check);
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${name} on the default branch, then this pull request"`,
    `  x-axis [${points.map((p) => `"${mermaidLabel(p.label, 12)}"`).join(', ')}]`,
    `  y-axis "${name}" ${axisRange(points.map((p) => p.value))}`,
    `  line [${points.map((p) => formatNumber(p.value)).join(', ')}]`,
    '```',
  ];
}
