import { type Finding, finding } from '../../report/model.js';
import { round } from './checks/check-plan.js';
import { quoteIdent } from './checks/sql-text.js';
import { ksDistance, ksPValue, populationStabilityIndex } from './drift-stats.js';
import type { DuckSession } from './duckdb-session.js';
import type { DriftSpec } from './options.js';
import type { TableView } from './table-view.js';
import { familyOf } from './type-families.js';

/**
 * Distribution drift of chosen columns from the baseline data to the head data, with each
 * side's statistics in the finding (`baseline` and `observed`) so a reviewer sees the shift.
 * Everything is aggregated in DuckDB (counts per bin or value): memory stays bounded.
 */

const DEFAULT_MAX = { psi: 0.2, ks: 0.1 } as const;
/** Above this many distinct values, KS works on 2,000 equal-width buckets instead of values. */
const KS_EXACT_LIMIT = 20_000;
const CATEGORY_LIMIT = 1000;
const NULL_KEY = 'null';

export async function checkDrift(session: DuckSession, head: TableView, base: TableView, spec: DriftSpec): Promise<Finding[]> {
  const findings: Finding[] = [];
  const max = spec.max ?? DEFAULT_MAX[spec.method];
  const file = head.scan.files[0]?.repoPath ?? null;
  for (const column of spec.columns) {
    const check = `drift.${spec.method}`;
    const headType = head.columns.get(column)?.type;
    const baseType = base.columns.get(column)?.type;
    if (headType === undefined || baseType === undefined) {
      findings.push(
        finding({
          check,
          subject: column,
          status: 'error',
          message: `cannot compare \`${column}\`: absent from the ${headType === undefined ? 'head' : 'baseline'} data`,
          observed: headType ?? null,
          expected: 'present on both sides',
          baseline: baseType ?? null,
          file,
        }),
      );
      continue;
    }
    const ref = quoteIdent(column);
    // A numeric column that holds a few bad values on one side is text there: compare the
    // values that parse, and say how many did not (the type check names those rows).
    const sides = await coerceToNumbers(session, ref, { view: head.view, type: headType }, { view: base.view, type: baseType });
    const numeric = sides !== null;
    if (spec.method === 'ks' && !numeric) {
      findings.push(
        finding({
          check,
          subject: column,
          status: 'error',
          message: `KS needs a numeric column; \`${column}\` is ${headType}`,
          observed: headType,
          expected: 'numeric',
          file,
        }),
      );
      continue;
    }
    const headView = sides?.head.view ?? head.view;
    const baseView = sides?.base.view ?? base.view;
    const unparsed = [
      sides?.head.unparsed ? `${sides.head.unparsed} head values` : null,
      sides?.base.unparsed ? `${sides.base.unparsed} baseline values` : null,
    ].filter((part) => part !== null);
    const left = unparsed.length > 0 ? `; ${unparsed.join(' and ')} are not numbers and were left out` : '';
    const [headStats, baseStats] = await Promise.all([
      describeColumn(session, headView, ref, numeric),
      describeColumn(session, baseView, ref, numeric),
    ]);
    let statistic: number;
    let extra: Record<string, number> = {};
    if (spec.method === 'ks') {
      statistic = await ks(session, headView, baseView, ref);
      extra = { p_value: round(ksPValue(statistic, Number(headStats.count), Number(baseStats.count)), 6) };
    } else
      statistic = numeric
        ? await numericPsi(session, headView, baseView, ref, spec.bins)
        : await categoricalPsi(session, headView, baseView, ref);
    const name = spec.method === 'ks' ? 'KS distance' : 'PSI';
    const drifted = !(statistic <= max);
    findings.push(
      finding({
        check,
        subject: column,
        status: Number.isNaN(statistic) ? 'error' : drifted ? 'fail' : 'pass',
        message: Number.isNaN(statistic)
          ? `cannot compute ${name} for \`${column}\`: one side has no values`
          : `\`${column}\` ${name} ${round(statistic, 4)}${extra.p_value === undefined ? '' : ` (p = ${extra.p_value})`} ${drifted ? '>' : '≤'} ${max}${left}`,
        observed: { [spec.method]: round(statistic, 6), ...extra, head: headStats },
        expected: `${name} ≤ ${max}`,
        baseline: baseStats,
        file,
      }),
    );
  }
  return findings;
}

interface Side {
  view: string;
  unparsed: number;
}

/**
 * Both sides as numbers when at least one is numeric and the other is text: the text side is
 * read through TRY_CAST (values that do not parse become null and are counted). Null when the
 * column is not numeric on either side.
 */
async function coerceToNumbers(
  session: DuckSession,
  ref: string,
  head: { view: string; type: string },
  base: { view: string; type: string },
): Promise<{ head: Side; base: Side } | null> {
  const isNumber = (type: string): boolean => ['integer', 'number'].includes(familyOf(type));
  const isText = (type: string): boolean => familyOf(type) === 'string';
  if (!(isNumber(head.type) || isNumber(base.type))) return null;
  if (!(isNumber(head.type) || isText(head.type)) || !(isNumber(base.type) || isText(base.type))) return null;
  const side = async (view: string, type: string): Promise<Side> => {
    if (isNumber(type)) return { view, unparsed: 0 };
    const cast = `TRY_CAST(${ref} AS DOUBLE)`;
    const [row] = await session.query(`SELECT count(*) FILTER (WHERE ${ref} IS NOT NULL AND ${cast} IS NULL) AS n FROM ${view}`);
    return { view: `(SELECT ${cast} AS ${ref} FROM ${view})`, unparsed: Number(row?.n ?? 0) };
  };
  return { head: await side(head.view, head.type), base: await side(base.view, base.type) };
}

async function describeColumn(session: DuckSession, view: string, ref: string, numeric: boolean): Promise<Record<string, unknown>> {
  if (numeric) {
    const [row] = await session.query(
      `SELECT count(${ref}) AS count, count(*) - count(${ref}) AS nulls, avg(${ref}) AS mean, stddev_samp(${ref}) AS std, min(${ref}) AS min, approx_quantile(${ref}, 0.5) AS median, max(${ref}) AS max FROM ${view}`,
    );
    return Object.fromEntries(Object.entries(row ?? {}).map(([key, value]) => [key, typeof value === 'number' ? round(value, 4) : value]));
  }
  const rows = await session.query(
    `SELECT CAST(${ref} AS VARCHAR) AS value, count(*) AS n FROM ${view} GROUP BY 1 ORDER BY n DESC, value LIMIT 5`,
  );
  const [totals] = await session.query(`SELECT count(*) AS rows, count(*) - count(${ref}) AS nulls FROM ${view}`);
  const total = Number(totals?.rows ?? 0);
  return {
    count: total - Number(totals?.nulls ?? 0),
    nulls: totals?.nulls,
    top: Object.fromEntries(rows.map((row) => [String(row.value ?? '(null)'), round(Number(row.n) / Math.max(total, 1), 4)])),
  };
}

/** Numeric PSI on the baseline's quantile bins (plus a bin for nulls). */
async function numericPsi(session: DuckSession, headView: string, baseView: string, ref: string, bins: number): Promise<number> {
  const probabilities = Array.from({ length: bins - 1 }, (_, i) => round((i + 1) / bins, 6));
  const [row] = await session.query(
    `SELECT approx_quantile(CAST(${ref} AS DOUBLE), [${probabilities.join(', ')}]) AS edges FROM ${baseView}`,
  );
  const edges = [...new Set(((row?.edges as number[] | null) ?? []).filter((edge) => edge !== null))].sort((a, b) => a - b);
  const bucket = `CASE WHEN ${ref} IS NULL THEN -1 ${edges.map((edge, i) => `WHEN ${ref} <= ${edge} THEN ${i}`).join(' ')} ELSE ${edges.length} END`;
  const counts = async (view: string): Promise<number[]> => {
    const rows = await session.query(`SELECT ${bucket} AS bin, count(*) AS n FROM ${view} GROUP BY 1`);
    const result = new Array<number>(edges.length + 2).fill(0);
    for (const r of rows) result[Number(r.bin) + 1] = Number(r.n);
    return result;
  };
  return populationStabilityIndex(await counts(baseView), await counts(headView));
}

/** Categorical PSI over the values of both sides (null is a category: joins that start producing nulls show). */
async function categoricalPsi(session: DuckSession, headView: string, baseView: string, ref: string): Promise<number> {
  const counts = async (view: string): Promise<Map<string, number>> => {
    const rows = await session.query(
      `SELECT CAST(${ref} AS VARCHAR) AS v, count(*) AS n FROM ${view} GROUP BY 1 ORDER BY n DESC LIMIT ${CATEGORY_LIMIT}`,
    );
    // NULL is its own category; the key cannot collide with a value, which is never null.
    return new Map(rows.map((row) => [row.v === null ? NULL_KEY : `=${String(row.v)}`, Number(row.n)]));
  };
  const [base, head] = [await counts(baseView), await counts(headView)];
  const categories = [...new Set([...base.keys(), ...head.keys()])];
  return populationStabilityIndex(
    categories.map((c) => base.get(c) ?? 0),
    categories.map((c) => head.get(c) ?? 0),
  );
}

async function ks(session: DuckSession, headView: string, baseView: string, ref: string): Promise<number> {
  const side = (view: string): string =>
    `(SELECT min(CAST(${ref} AS DOUBLE)) AS lo, max(CAST(${ref} AS DOUBLE)) AS hi, approx_count_distinct(${ref}) AS d FROM ${view})`;
  const [range] = await session.query(
    `SELECT least(h.lo, b.lo) AS lo, greatest(h.hi, b.hi) AS hi, greatest(h.d, b.d) AS distinct_values FROM ${side(headView)} h, ${side(baseView)} b`,
  );
  const lo = Number(range?.lo);
  const hi = Number(range?.hi);
  const exact = Number(range?.distinct_values) <= KS_EXACT_LIMIT || hi === lo;
  const width = (hi - lo) / 2000;
  const value = exact
    ? `CAST(${ref} AS DOUBLE)`
    : `${lo} + (least(floor((CAST(${ref} AS DOUBLE) - ${lo}) / ${width}), 1999) + 1) * ${width}`;
  const counts = async (view: string): Promise<Map<number, number>> => {
    const rows = await session.query(`SELECT ${value} AS v, count(*) AS n FROM ${view} WHERE ${ref} IS NOT NULL GROUP BY 1`);
    return new Map(rows.map((row) => [Number(row.v), Number(row.n)]));
  };
  const [base, head] = [await counts(baseView), await counts(headView)];
  const grid = [...new Set([...base.keys(), ...head.keys()])].sort((a, b) => a - b);
  return ksDistance(grid, base, head);
}
