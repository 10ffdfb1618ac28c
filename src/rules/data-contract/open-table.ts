import type { TableContract } from './contract-model.js';
import type { DataFiles } from './data-files.js';
import type { DuckSession } from './duckdb-session.js';
import type { DataContractOptions } from './options.js';
import { scanTable } from './table-scan.js';
import { createTableView, type TableView } from './table-view.js';

/** Reads one side as the contract sees it (declared text columns are read as text). */
export async function openTable(
  session: DuckSession,
  files: DataFiles,
  contract: TableContract,
  options: DataContractOptions,
  name: string,
  fullSniff = false,
): Promise<TableView> {
  const settings = { csv: options.csv, nullValues: contract.nullValues, fullSniff };
  let scan = await scanTable(session, files, settings);
  const textual = files.format === 'csv' || files.format === 'tsv';
  // Sniffing would read "007" as 7 in a column the contract says is text.
  const varcharColumns = contract.columns
    .filter((c) => c.type === 'string' && scan.columns.some((s) => s.name === c.name && s.type !== 'VARCHAR'))
    .map((c) => c.name);
  if (textual && varcharColumns.length > 0) scan = await scanTable(session, files, { ...settings, varcharColumns });
  return createTableView(session, scan, contract, name);
}
