import { quoteIdent } from './checks/sql-text.js';
import type { ColumnContract, TableContract } from './contract-model.js';
import type { DuckSession } from './duckdb-session.js';
import type { ColumnInfo, TableScan } from './table-scan.js';
import { castTarget, familyOf, isCompatible } from './type-families.js';

/**
 * The data as the contract sees it. In text formats (CSV, JSON) a column whose values do not
 * all parse as the declared type is read as text by DuckDB; here it is cast value by value
 * (unparseable → NULL, original kept in `__mlg_raw_<n>`), so the type check can count and show
 * the bad rows and every other check still sees typed values.
 */
export interface TableView {
  scan: TableScan;
  /** View with typed columns (and raw copies), for the aggregate scan. */
  view: string;
  /** The same with `__mlg_file` and `__mlg_ord`, for example rows. */
  numbered: string;
  /** Column types as the view has them: a cast column has its declared type. */
  columns: Map<string, ColumnInfo>;
  /** Per cast column: the raw copy's name. */
  rawColumns: Map<string, string>;
  /** Columns whose type mismatches in a way no cast can settle (Parquet metadata). */
  typeMismatches: Map<string, string>;
}

export async function createTableView(session: DuckSession, scan: TableScan, contract: TableContract, name: string): Promise<TableView> {
  const columns = new Map(scan.columns.map((column) => [column.name, column]));
  const rawColumns = new Map<string, string>();
  const typeMismatches = new Map<string, string>();
  const replaces: string[] = [];
  const extras: string[] = [];
  const textual = scan.format !== 'parquet';
  contract.columns.forEach((column, index) => {
    const info = columns.get(column.name);
    if (info === undefined || column.type === undefined) return;
    const family = familyOf(info.type);
    if (isCompatible(column.type, family)) return;
    if (textual && column.type === 'string' && ['date', 'timestamp', 'time', 'string'].includes(family)) {
      // JSON strings that DuckDB recognized as dates are still text in the file.
      replaces.push(`CAST(${quoteIdent(column.name)} AS VARCHAR) AS ${quoteIdent(column.name)}`);
      return;
    }
    const cast = textual ? castExpression(column, quoteIdent(column.name)) : null;
    if (cast === null) {
      typeMismatches.set(column.name, info.type);
      return;
    }
    const raw = `__mlg_raw_${index}`;
    rawColumns.set(column.name, raw);
    // Later checks (ranges, drift, freshness) see the declared type, over the values that parse.
    columns.set(column.name, { name: column.name, type: castTarget(column.type) ?? info.type });
    replaces.push(`${cast} AS ${quoteIdent(column.name)}`);
    extras.push(`${quoteIdent(column.name)} AS ${quoteIdent(raw)}`);
  });
  const select = (from: string): string =>
    `SELECT *${replaces.length > 0 ? ` REPLACE (${replaces.join(', ')})` : ''}${extras.length > 0 ? `, ${extras.join(', ')}` : ''} FROM ${from}`;
  const view = `__mlg_${name}`;
  const numbered = `__mlg_${name}_numbered`;
  await session.run(`CREATE OR REPLACE VIEW ${view} AS ${select(scan.from)}`);
  await session.run(`CREATE OR REPLACE VIEW ${numbered} AS ${select(scan.numberedFrom)}`);
  return { scan, view, numbered, columns, rawColumns, typeMismatches };
}

/** SQL that turns a text value into the declared type, or NULL when it does not parse. */
function castExpression(column: ColumnContract, ref: string): string | null {
  const target = column.type === undefined ? null : castTarget(column.type);
  if (target === null) return null;
  const text = `trim(CAST(${ref} AS VARCHAR))`;
  // TRY_CAST('3.5' AS BIGINT) rounds to 4: an integer must look like one.
  if (column.type === 'integer') return `CASE WHEN regexp_full_match(${text}, '[+-]?[0-9]+') THEN TRY_CAST(${text} AS BIGINT) END`;
  return `TRY_CAST(${text} AS ${target})`;
}

/**
 * The views custom SQL checks query: `data`, and the contract object's name (datacontract-cli
 * queries say `FROM orders`), holding only the data's own columns.
 */
export async function createUserViews(session: DuckSession, table: TableView, objectName: string | undefined): Promise<void> {
  const raws = [...table.rawColumns.values()].map(quoteIdent);
  const body = `SELECT *${raws.length > 0 ? ` EXCLUDE (${raws.join(', ')})` : ''} FROM ${table.view}`;
  await session.run(`CREATE OR REPLACE VIEW data AS ${body}`);
  if (objectName !== undefined && objectName !== 'data' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(objectName)) {
    await session.run(`CREATE OR REPLACE VIEW ${quoteIdent(objectName)} AS ${body}`);
  }
}
