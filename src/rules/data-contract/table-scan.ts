import { open } from 'node:fs/promises';
import { quoteLiteral, quoteString } from './checks/sql-text.js';
import { detectDialect } from './csv-dialect.js';
import type { DataFiles } from './data-files.js';
import type { DuckSession, Row } from './duckdb-session.js';

export interface CsvSettings {
  delimiter?: string | undefined;
  header?: boolean | undefined;
  quote?: string | undefined;
  escape?: string | undefined;
  encoding?: 'utf-8' | 'utf-16' | 'latin-1' | undefined;
  null_values?: string[] | undefined;
  skip?: number | undefined;
}

export interface ColumnInfo {
  name: string;
  type: string;
}

/** How to scan one side's data with DuckDB, and what the scan yields. */
export interface TableScan extends DataFiles {
  /** A table-function call reading every file as one table. */
  from: string;
  /** The same with `__mlg_file` and a per-scan `__mlg_ord` (1-based) for example rows. */
  numberedFrom: string;
  columns: ColumnInfo[];
  /** Lines before the first record of each CSV file (header, skipped rows). */
  headerLines: number;
}

export interface ScanSettings {
  csv?: CsvSettings | undefined;
  nullValues?: string[] | undefined;
  /** Columns read as text whatever the sniffer says (the contract declares them strings). */
  varcharColumns?: string[];
  /** Sniff types from the whole file, not a sample. */
  fullSniff?: boolean;
}

/**
 * Builds the scan SQL for one side and reads its column names and types. A single CSV file is
 * sniffed once and every later statement gets the detected dialect and types explicitly
 * (`auto_detect = false`): each statement would otherwise sniff the file again.
 */
export async function scanTable(session: DuckSession, data: DataFiles, settings: ScanSettings): Promise<TableScan> {
  const list = `[${data.files.map((file) => quoteString(file.localPath)).join(', ')}]`;
  let options: string[];
  let headerLines = 0;
  let fn: string;
  let sniffedColumns: ColumnInfo[] | null = null;
  if (data.format === 'parquet') {
    fn = 'read_parquet';
    options = ['union_by_name = true'];
  } else if (data.format === 'json' || data.format === 'jsonl') {
    fn = 'read_json';
    const newline = data.format === 'jsonl' || !(await startsWithBracket(data.files[0]?.localPath));
    options = [`format = ${newline ? "'newline_delimited'" : "'array'"}`, 'union_by_name = true', 'maximum_object_size = 67108864'];
  } else {
    fn = 'read_csv';
    const sniffed = await sniffCsv(session, data, settings);
    options = sniffed.options;
    headerLines = sniffed.headerLines;
    sniffedColumns = sniffed.columns;
  }
  const from = `${fn}(${list}, ${options.join(', ')})`;
  const numberedFrom =
    data.format === 'parquet'
      ? `(SELECT * EXCLUDE (file_row_number), file_row_number + 1 AS __mlg_ord FROM ${fn}(${list}, ${[...options, "filename = '__mlg_file'", 'file_row_number = true'].join(', ')}))`
      : `(SELECT * EXCLUDE ("ordinality"), "ordinality" AS __mlg_ord FROM ${fn}(${list}, ${[...options, "filename = '__mlg_file'"].join(', ')}) WITH ORDINALITY)`;
  const columns = sniffedColumns ?? (await describe(session, from));
  return { ...data, from, numberedFrom, columns, headerLines };
}

async function describe(session: DuckSession, from: string): Promise<ColumnInfo[]> {
  const described = await session.query(`DESCRIBE SELECT * FROM ${from}`);
  return described.map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
}

async function sniffCsv(
  session: DuckSession,
  data: DataFiles,
  settings: ScanSettings,
): Promise<{ options: string[]; headerLines: number; columns: ColumnInfo[] | null }> {
  const csv = settings.csv ?? {};
  const first = data.files[0]?.localPath ?? '';
  const dialect = await detectDialect(first);
  const delimiter = csv.delimiter ?? (data.format === 'tsv' ? '\t' : dialect.delimiter);
  const options = [`encoding = ${quoteString(csv.encoding ?? dialect.encoding)}`];
  if (delimiter !== undefined) options.push(`delim = ${quoteString(delimiter)}`);
  if (csv.header !== undefined) options.push(`header = ${csv.header}`);
  if (csv.quote !== undefined) options.push(`quote = ${quoteString(csv.quote)}`);
  if (csv.escape !== undefined) options.push(`escape = ${quoteString(csv.escape)}`);
  if (csv.skip !== undefined) options.push(`skip = ${csv.skip}`);
  const nulls = csv.null_values ?? settings.nullValues;
  if (nulls !== undefined) options.push(`nullstr = [${nulls.map((value) => quoteLiteral(value)).join(', ')}]`);
  const sniffOptions = settings.fullSniff === true ? [...options, 'sample_size = -1'] : options;
  const sniff = await sniffOnce(session, `SELECT * FROM sniff_csv(${quoteString(first)}, ${sniffOptions.join(', ')})`);
  const headerLines = (sniff?.HasHeader === true ? 1 : 0) + Number(sniff?.SkipRows ?? 0);
  const varchar = new Set(settings.varcharColumns ?? []);
  if (data.files.length > 1 || sniff === undefined) {
    // Several files may differ in columns: each is sniffed and the union taken by name.
    const union = ['union_by_name = true', ...sniffOptions];
    if (varchar.size > 0) union.push(`types = {${[...varchar].map((name) => `${quoteString(name)}: 'VARCHAR'`).join(', ')}}`);
    return { options: union, headerLines, columns: null };
  }
  const columns = ((sniff.Columns as { name: string; type: string }[] | null) ?? []).map((column) => ({
    name: String(column.name),
    type: varchar.has(column.name) ? 'VARCHAR' : String(column.type),
  }));
  const text = (value: unknown): string => (value === '(empty)' || value === null || value === undefined ? '' : String(value));
  const explicit = [
    'auto_detect = false',
    ...options.filter((option) => !/^(delim|quote|escape|header|skip) =/.test(option)),
    `delim = ${quoteString(text(sniff.Delimiter))}`,
    `quote = ${quoteString(text(sniff.Quote))}`,
    `escape = ${quoteString(text(sniff.Escape))}`,
    `new_line = ${quoteString(text(sniff.NewLineDelimiter))}`,
    `comment = ${quoteString(text(sniff.Comment))}`,
    `skip = ${Number(sniff.SkipRows ?? 0)}`,
    `header = ${sniff.HasHeader === true}`,
    `columns = {${columns.map((column) => `${quoteString(column.name)}: ${quoteString(column.type)}`).join(', ')}}`,
  ];
  if (typeof sniff.DateFormat === 'string') explicit.push(`dateformat = ${quoteString(sniff.DateFormat)}`);
  if (typeof sniff.TimestampFormat === 'string') explicit.push(`timestampformat = ${quoteString(sniff.TimestampFormat)}`);
  return { options: explicit, headerLines, columns };
}

/** One sniff per file and settings per session: re-reading a table as text, or the same file as the baseline, reuses it. */
const sniffs = new WeakMap<DuckSession, Map<string, Promise<Row | undefined>>>();

function sniffOnce(session: DuckSession, sql: string): Promise<Row | undefined> {
  let cache = sniffs.get(session);
  if (cache === undefined) {
    cache = new Map();
    sniffs.set(session, cache);
  }
  let result = cache.get(sql);
  if (result === undefined) {
    result = session.query(sql).then((rows) => rows[0]);
    cache.set(sql, result);
  }
  return result;
}

async function startsWithBracket(localPath: string | undefined): Promise<boolean> {
  if (localPath === undefined) return false;
  const handle = await open(localPath, 'r');
  try {
    const buffer = Buffer.alloc(256);
    const { bytesRead } = await handle.read(buffer, 0, 256, 0);
    return buffer.subarray(0, bytesRead).toString('utf8').trimStart().startsWith('[');
  } finally {
    await handle.close();
  }
}
