import { type Finding, finding } from '../../report/model.js';
import { round } from './checks/check-plan.js';
import type { TableContract } from './contract-model.js';
import { checkDrift } from './drift.js';
import { cleanDuckError, isSniffTypeError } from './duck-errors.js';
import type { DuckSession } from './duckdb-session.js';
import { openTable } from './open-table.js';
import type { DataContractOptions } from './options.js';
import type { DataFiles } from './read-table.js';
import { diffSchemas } from './schema-diff.js';
import type { TableView } from './table-view.js';

/** Schema changes, row-count change and drift: the head data against the baseline data. */
export async function compareWithBaseline(
  session: DuckSession,
  head: TableView,
  files: DataFiles,
  contract: TableContract,
  options: DataContractOptions,
): Promise<Finding[]> {
  const file = head.scan.files[0]?.repoPath ?? null;
  const attempt = async (fullSniff: boolean): Promise<Finding[]> => {
    const base = await openTable(session, files, contract, options, 'baseline', fullSniff);
    return compareTables(session, head, base, contract, options);
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

async function compareTables(
  session: DuckSession,
  head: TableView,
  base: TableView,
  contract: TableContract,
  options: DataContractOptions,
): Promise<Finding[]> {
  const file = head.scan.files[0]?.repoPath ?? null;
  const findings: Finding[] = [];
  const breaking = options.schema_changes?.breaking ?? 'fail';
  if (breaking !== 'off') findings.push(...diffSchemas(base.scan.columns, head.scan.columns, contract, breaking, file));
  if (options.row_change !== undefined) findings.push(await checkRowChange(session, head, base, options.row_change, file));
  const specs = options.drift === undefined ? [] : Array.isArray(options.drift) ? options.drift : [options.drift];
  for (const spec of specs) {
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
  head: TableView,
  base: TableView,
  bounds: NonNullable<DataContractOptions['row_change']>,
  file: string | null,
): Promise<Finding> {
  const [row] = await session.query(`SELECT (SELECT count(*) FROM ${head.view}) AS head, (SELECT count(*) FROM ${base.view}) AS base`);
  const now = Number(row?.head ?? 0);
  const before = Number(row?.base ?? 0);
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
