import { type Finding, finding } from '../../report/model.js';
import { round } from './checks/check-plan.js';
import type { TableContract } from './contract-model.js';
import type { DataFiles } from './data-files.js';
import { checkDrift } from './drift.js';
import { cleanDuckError, isSniffTypeError } from './duck-errors.js';
import type { DuckSession } from './duckdb-session.js';
import { openTable } from './open-table.js';
import type { DataContractOptions } from './options.js';
import { diffSchemas } from './schema-diff.js';
import type { TableView } from './table-view.js';

/** Schema changes, row-count change and drift: the head data against the baseline data. */
export async function compareWithBaseline(
  session: DuckSession,
  head: ScannedTable,
  files: DataFiles,
  contract: TableContract,
  options: DataContractOptions,
  identical: boolean,
): Promise<Finding[]> {
  const file = head.table.scan.files[0]?.repoPath ?? null;
  if (identical) return compareTables(session, head, head, contract, options, true);
  const attempt = async (fullSniff: boolean): Promise<Finding[]> => {
    const base = await openTable(session, files, contract, options, 'baseline', fullSniff);
    return compareTables(session, head, { table: base, total: null }, contract, options, false);
  };
  try {
    try {
      return await attempt(false);
    } catch (error) {
      // As on the head: a value beyond DuckDB's type-sniffing sample; sniff the whole file.
      if ((files.format !== 'csv' && files.format !== 'tsv') || !isSniffTypeError(error)) throw error;
      return await attempt(true);
    }
  } catch (error) {
    return [
      finding({
        check: 'baseline',
        status: 'error',
        message: `cannot read the baseline data (${files.label}): ${cleanDuckError(error, files.files)}`,
        file,
      }),
    ];
  }
}

/** A table with its row count when already known (the head's shared scan counted it). */
export interface ScannedTable {
  table: TableView;
  total: number | null;
}

async function compareTables(
  session: DuckSession,
  headSide: ScannedTable,
  baseSide: ScannedTable,
  contract: TableContract,
  options: DataContractOptions,
  identical: boolean,
): Promise<Finding[]> {
  const head = headSide.table;
  const base = baseSide.table;
  const file = head.scan.files[0]?.repoPath ?? null;
  const findings: Finding[] = [];
  const breaking = options.schema_changes?.breaking ?? 'fail';
  if (breaking !== 'off') findings.push(...diffSchemas(base.scan.columns, head.scan.columns, contract, breaking, file));
  if (options.row_change !== undefined) findings.push(await checkRowChange(session, headSide, baseSide, options.row_change, file));
  const specs = options.drift === undefined ? [] : Array.isArray(options.drift) ? options.drift : [options.drift];
  for (const spec of specs) {
    if (identical) {
      findings.push(
        finding({
          check: `drift.${spec.method}`,
          subject: spec.columns.join(', '),
          status: 'pass',
          message: `the data is byte-identical to the baseline's: no drift in ${spec.columns.map((c) => `\`${c}\``).join(', ')}`,
          observed: { [spec.method]: 0 },
          expected: `${spec.method === 'ks' ? 'KS distance' : 'PSI'} ≤ ${spec.max ?? (spec.method === 'ks' ? 0.1 : 0.2)}`,
          file,
        }),
      );
      continue;
    }
    try {
      findings.push(...(await checkDrift(session, head, base, spec)));
    } catch (error) {
      if (isSniffTypeError(error)) throw error;
      findings.push(
        finding({
          check: `drift.${spec.method}`,
          subject: spec.columns.join(', '),
          status: 'error',
          message: `drift could not be computed: ${cleanDuckError(error, [...head.scan.files, ...base.scan.files])}`,
          file,
        }),
      );
    }
  }
  return findings;
}

async function checkRowChange(
  session: DuckSession,
  head: ScannedTable,
  base: ScannedTable,
  bounds: NonNullable<DataContractOptions['row_change']>,
  file: string | null,
): Promise<Finding> {
  const count = async (side: ScannedTable): Promise<number> =>
    side.total ?? Number((await session.query(`SELECT count(*) AS n FROM ${side.table.scan.from}`))[0]?.n ?? 0);
  const now = await count(head);
  const before = await count(base);
  const changePct = before === 0 ? (now === 0 ? 0 : Number.POSITIVE_INFINITY) : round((100 * (now - before)) / before, 3);
  const { max_drop_pct: maxDrop, max_increase_pct: maxIncrease } = bounds;
  const tooFew = maxDrop !== undefined && -changePct > maxDrop;
  const tooMany = maxIncrease !== undefined && changePct > maxIncrease;
  return finding({
    check: 'row_change',
    status: tooFew || tooMany ? 'fail' : 'pass',
    message: `row count ${before} → ${now} (${changePct >= 0 ? '+' : ''}${changePct}%)${tooFew ? `: dropped more than ${maxDrop}%` : tooMany ? `: grew more than ${maxIncrease}%` : ''}`,
    observed: now,
    expected: [maxDrop === undefined ? null : `drop ≤ ${maxDrop}%`, maxIncrease === undefined ? null : `increase ≤ ${maxIncrease}%`]
      .filter((x) => x !== null)
      .join(', '),
    baseline: before,
    file,
  });
}
