import { InputError } from '../../errors.js';
import type { Workspace } from '../../git/workspace.js';
import { INPUT_LIMITS } from '../limits.js';
import { addEntry, type MetricsAbsent, type MetricTable, parseNumberText } from './metric-table.js';

interface CsvRow {
  cells: string[];
  line: number;
}

/**
 * A CSV metrics file, in either of the two shapes tools write:
 * - a table of names and values, with a `name` or `metric` column and a `value` column (one
 *   metric per row; a name repeated later, as in a per-epoch log, takes its last value);
 * - one metric per column (a training log): the last row holds the values.
 */
export async function readCsvMetrics(
  workspace: Workspace,
  file: string,
  table: MetricTable = { entries: new Map() },
): Promise<MetricTable | MetricsAbsent> {
  const text = await workspace.readText(file, INPUT_LIMITS.fileBytes);
  if (text === null) return { absent: file };
  const [header, ...rows] = parseCsv(text, file);
  if (header === undefined) throw new InputError(`${file} is empty; expected a header row and values`, { file });
  for (const row of rows) {
    if (row.cells.length !== header.cells.length) {
      throw new InputError(`${file} has ${row.cells.length} fields on line ${row.line}; the header has ${header.cells.length}`, {
        file,
        line: row.line,
      });
    }
  }
  const names = header.cells.map((cell) => cell.trim());
  const lower = names.map((name) => name.toLowerCase());
  const nameColumn = lower.findIndex((name) => name === 'name' || name === 'metric');
  const valueColumn = lower.indexOf('value');
  if (nameColumn >= 0 && valueColumn >= 0) {
    for (const row of rows) addRow(table, file, row.cells[nameColumn]?.trim() ?? '', row.cells[valueColumn] ?? '', row.line, true);
    return table;
  }
  const last = rows.at(-1);
  if (last === undefined)
    throw new InputError(`${file} has a header but no values; expected at least one row`, { file, line: header.line });
  for (const [column, name] of names.entries()) addRow(table, file, name, last.cells[column] ?? '', last.line, false);
  return table;
}

function addRow(table: MetricTable, file: string, key: string, cell: string, line: number, newer: boolean): void {
  if (key === '') return;
  // In a name/value table a later row for the same name is a newer value (a log), not a
  // second definition; two columns with one name are still ambiguous.
  if (newer) table.entries.delete(key);
  addEntry(table, { key, value: parseNumberText(cell), file, locate: () => line });
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. Blank lines are skipped. */
export function parseCsv(text: string, file: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = (): void => {
    cells.push(cell);
    if (cells.length > 1 || cells[0]?.trim() !== '') rows.push({ cells, line: rowLine });
    cells = [];
    cell = '';
  };
  for (; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else {
        if (char === '\n') line++;
        cell += char;
      }
    } else if (char === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else cell += char;
  }
  if (quoted)
    throw new InputError(`${file} is not valid CSV: a quoted field opened on line ${rowLine} is never closed`, { file, line: rowLine });
  if (cell !== '' || cells.length > 0) endRow();
  return rows;
}
