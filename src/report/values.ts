import type { Finding, Status } from './model.js';

/** Findings in reading order: problems first (worst first), then passes, then skips. */
const ORDER: Record<Status, number> = { error: 0, fail: 1, warn: 2, pass: 3, skip: 4 };

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
}

export function sortByStatus<T extends { status: Status }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
}

/** A value as a reviewer wants to read it: numbers to 4 significant digits, no JSON noise. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  // Structured observations (row counts, distribution statistics) read as `key: value` pairs.
  return Object.entries(value as Record<string, unknown>)
    .map(([key, inner]) =>
      inner !== null && typeof inner === 'object' ? `${key}: (${formatValue(inner)})` : `${key}: ${formatValue(inner)}`,
    )
    .join(', ');
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-4) return value.toExponential(3);
  return String(Number(value.toPrecision(4)));
}

/** head − baseline, signed, when both are numbers; '' otherwise. */
export function formatDelta(finding: Finding): string {
  const { observed, baseline } = finding;
  if (typeof observed !== 'number' || typeof baseline !== 'number') return '';
  const delta = observed - baseline;
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  const pct = baseline !== 0 ? ` (${sign}${formatNumber(Math.abs((delta / baseline) * 100))}%)` : '';
  return `${sign}${formatNumber(Math.abs(delta))}${pct}`;
}

export function shortSha(sha: string | null): string {
  return sha === null ? 'none' : sha.slice(0, 7);
}
