import { open } from 'node:fs/promises';
import { InputError } from '../../errors.js';
import type { Workspace } from '../../git/workspace.js';
import { quoteLiteral, quoteString } from './checks/sql-text.js';
import { detectDialect } from './csv-dialect.js';
import type { DuckSession } from './duckdb-session.js';
import { detectPointer, findDvcTracking, pointerError } from './pointer-files.js';

export type DataFormat = 'csv' | 'tsv' | 'json' | 'jsonl' | 'parquet';

export interface CsvSettings {
  delimiter?: string | undefined;
  header?: boolean | undefined;
  quote?: string | undefined;
  escape?: string | undefined;
  encoding?: 'utf-8' | 'utf-16' | 'latin-1' | undefined;
  null_values?: string[] | undefined;
  skip?: number | undefined;
}

export interface DataFile {
  repoPath: string;
  localPath: string;
}

/** One side's data files, resolved to local paths DuckDB can read. */
export interface DataFiles {
  side: 'head' | 'baseline';
  label: string;
  format: DataFormat;
  files: DataFile[];
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

const EXTENSIONS: Record<string, DataFormat> = {
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  txt: 'csv',
  json: 'json',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  parquet: 'parquet',
  pq: 'parquet',
};

/**
 * The files a `data:` path names on one side, as local paths. Null when nothing matches (the
 * caller decides whether that is a missing input or a missing baseline). Pointer files are
 * errors that say how to fetch the data.
 */
export async function resolveDataFiles(
  workspace: Workspace,
  pattern: string,
  side: DataFiles['side'],
  format: DataFormat | undefined,
): Promise<DataFiles | null> {
  // Folders written by Spark, Hadoop or DVC hold markers (_SUCCESS, .crc, .gitignore, *.dvc) next to the data.
  const listed = (await workspace.listFiles(pattern)).filter((file) => !/\.(dvc|crc)$|(^|\/)[._][^/]*$/.test(file));
  if (listed.length === 0) {
    const dvc = await findDvcTracking(workspace, pattern);
    if (dvc !== null) throw dvc;
    return null;
  }
  const files: DataFile[] = [];
  for (const repoPath of listed) {
    const localPath = await workspace.localPath(repoPath);
    if (localPath === null) continue;
    const pointer = await detectPointer(localPath);
    if (pointer !== null) throw pointerError(pointer, repoPath, workspace.label);
    files.push({ repoPath, localPath });
  }
  const chosen = format ?? formatOf(files[0]?.repoPath ?? pattern);
  const mixed = files.find((file) => format === undefined && sameFamily(formatOf(file.repoPath), chosen) === false);
  if (mixed !== undefined) {
    throw new InputError(`${pattern} matches files of different formats (${files[0]?.repoPath}, ${mixed.repoPath})`, {
      file: mixed.repoPath,
      hint: 'narrow the glob to one format, or set `format:` on the rule',
    });
  }
  return { side, label: workspace.label, format: chosen, files };
}

function formatOf(repoPath: string): DataFormat {
  const extension =
    repoPath
      .replace(/\.(gz|zst)$/, '')
      .split('.')
      .pop()
      ?.toLowerCase() ?? '';
  const format = EXTENSIONS[extension];
  if (format === undefined) {
    throw new InputError(`cannot tell the format of ${repoPath} from its extension`, {
      file: repoPath,
      hint: 'set `format:` on the rule (csv, tsv, json, jsonl or parquet)',
    });
  }
  return format;
}

function sameFamily(a: DataFormat, b: DataFormat): boolean {
  const family = (format: DataFormat): string => (format === 'tsv' ? 'csv' : format === 'jsonl' ? 'json' : format);
  return family(a) === family(b);
}

/** Builds the scan SQL for one side and reads its column names and types (DuckDB sniffing). */
export async function scanTable(
  session: DuckSession,
  data: DataFiles,
  settings: { csv?: CsvSettings | undefined; nullValues?: string[] | undefined; varcharColumns?: string[]; fullSniff?: boolean },
): Promise<TableScan> {
  const list = `[${data.files.map((file) => quoteString(file.localPath)).join(', ')}]`;
  let options: string[];
  let headerLines = 0;
  let fn: string;
  if (data.format === 'parquet') {
    fn = 'read_parquet';
    options = ['union_by_name = true'];
  } else if (data.format === 'json' || data.format === 'jsonl') {
    fn = 'read_json';
    const newline = data.format === 'jsonl' || !(await startsWithBracket(data.files[0]?.localPath));
    options = [`format = ${newline ? "'newline_delimited'" : "'array'"}`, 'union_by_name = true', 'maximum_object_size = 67108864'];
  } else {
    fn = 'read_csv';
    const csv = settings.csv ?? {};
    const dialect = await detectDialect(data.files[0]?.localPath ?? '');
    const delimiter = csv.delimiter ?? (data.format === 'tsv' ? '\t' : dialect.delimiter);
    options = ['union_by_name = true', `encoding = ${quoteString(csv.encoding ?? dialect.encoding)}`];
    if (delimiter !== undefined) options.push(`delim = ${quoteString(delimiter)}`);
    if (csv.header !== undefined) options.push(`header = ${csv.header}`);
    if (csv.quote !== undefined) options.push(`quote = ${quoteString(csv.quote)}`);
    if (csv.escape !== undefined) options.push(`escape = ${quoteString(csv.escape)}`);
    if (csv.skip !== undefined) options.push(`skip = ${csv.skip}`);
    const nulls = csv.null_values ?? settings.nullValues;
    if (nulls !== undefined) options.push(`nullstr = [${nulls.map((value) => quoteLiteral(value)).join(', ')}]`);
    if (settings.fullSniff === true) options.push('sample_size = -1');
    if (settings.varcharColumns !== undefined && settings.varcharColumns.length > 0) {
      options.push(`types = {${settings.varcharColumns.map((name) => `${quoteString(name)}: 'VARCHAR'`).join(', ')}}`);
    }
    const sniff = await session.query(
      `SELECT HasHeader, SkipRows FROM sniff_csv(${quoteString(data.files[0]?.localPath ?? '')}, ${options.filter((o) => !o.startsWith('union_by_name') && !o.startsWith('types')).join(', ')})`,
    );
    headerLines = (sniff[0]?.HasHeader === true ? 1 : 0) + Number(sniff[0]?.SkipRows ?? 0);
  }
  const from = `${fn}(${list}, ${options.join(', ')})`;
  const numberedFrom =
    data.format === 'parquet'
      ? `(SELECT * EXCLUDE (file_row_number), file_row_number + 1 AS __mlg_ord FROM ${fn}(${list}, ${[...options, "filename = '__mlg_file'", 'file_row_number = true'].join(', ')}))`
      : `(SELECT * EXCLUDE ("ordinality"), "ordinality" AS __mlg_ord FROM ${fn}(${list}, ${[...options, "filename = '__mlg_file'"].join(', ')}) WITH ORDINALITY)`;
  const described = await session.query(`DESCRIBE SELECT * FROM ${from}`);
  const columns = described.map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
  return { ...data, from, numberedFrom, columns, headerLines };
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
