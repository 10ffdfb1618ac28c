import type { ContractSource } from '../contract-model.js';
import type { DuckSession, Row } from '../duckdb-session.js';
import type { TableView } from '../table-view.js';

/**
 * Example failing rows, located in their file: a line for CSV (after the header) and JSONL,
 * a row number for Parquet and JSON arrays. DuckDB numbers rows across all files of a glob,
 * so per-file offsets are computed once, and only when a sample needs them.
 */
export class SampleLocator {
  private offsets: Map<string, number> | undefined;
  /** Samples of a row that repeats an earlier row's key (marked `__mlg_repeats` by the duplicates' query). */
  readonly repeating = new WeakSet<Sample>();

  constructor(
    private readonly session: DuckSession,
    private readonly table: TableView,
    private readonly sensitive: Set<string>,
  ) {}

  /** Rows of `sql` (which selects from the numbered view) as located samples. */
  async fetch(sql: string, columns: string[], extra: string[] = []): Promise<Sample[]> {
    const rows = await this.session.query(sql);
    const multiFile = this.table.scan.files.length > 1;
    if (multiFile && this.table.scan.format !== 'parquet') this.offsets ??= await this.fileOffsets();
    return rows.map((row) => this.locate(row, columns, extra, multiFile));
  }

  private locate(row: Row, columns: string[], extra: string[], multiFile: boolean): Sample {
    const local = String(row.__mlg_file);
    const file = this.table.scan.files.find((f) => f.localPath === local)?.repoPath ?? local;
    const ordinal = Number(row.__mlg_ord) - (this.offsets?.get(local) ?? 0);
    const format = this.table.scan.format;
    const sample: Sample = {};
    if (multiFile) sample.file = file;
    if (format === 'parquet' || format === 'json') sample.row = ordinal;
    else sample.line = ordinal + (format === 'jsonl' ? 0 : this.table.scan.headerLines);
    for (const column of [...columns, ...extra]) {
      if (!(column in row) || column in sample) continue;
      const raw = this.table.rawColumns.get(column);
      const value = raw !== undefined && row[raw] !== undefined ? row[raw] : row[column];
      sample[column] = this.sensitive.has(column) ? '(value omitted: sensitive column)' : value;
    }
    if (row.__mlg_repeats === true) this.repeating.add(sample);
    return sample;
  }

  private async fileOffsets(): Promise<Map<string, number>> {
    const rows = await this.session.query(`SELECT __mlg_file, min(__mlg_ord) - 1 AS offset FROM ${this.table.numbered} GROUP BY 1`);
    return new Map(rows.map((row) => [String(row.__mlg_file), Number(row.offset)]));
  }
}

export type Sample = Record<string, unknown> & { file?: string; line?: number; row?: number };

/** Where a finding points: the given example row's (default the first) file and line, else the data file. */
export function locationOf(
  samples: Sample[],
  table: TableView,
  source?: ContractSource,
  first: Sample | undefined = samples[0],
): { file: string | null; line: number | null } {
  const file = first?.file ?? table.scan.files[0]?.repoPath ?? source?.file ?? null;
  return { file, line: first?.line ?? null };
}

export function selectSamples(view: string, predicate: string, limit: number): string {
  return `SELECT * FROM ${view} WHERE ${predicate} LIMIT ${limit}`;
}
