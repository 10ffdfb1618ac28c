import { type Finding, finding, type Status } from '../../report/model.js';
import type { TableContract } from './contract-model.js';
import type { ColumnInfo } from './table-scan.js';
import { compareTypes } from './type-families.js';

/**
 * Schema changes from the baseline data to the head data. Breaking for readers: a removed
 * column, a narrowed or retyped one, a new column the contract requires (every writer must
 * now produce it). Not breaking: a new optional column, a widened type.
 */
export function diffSchemas(
  baseline: readonly ColumnInfo[],
  head: readonly ColumnInfo[],
  contract: TableContract,
  breaking: 'fail' | 'warn',
  file: string | null,
): Finding[] {
  const before = new Map(baseline.map((column) => [column.name, column.type]));
  const after = new Map(head.map((column) => [column.name, column.type]));
  const required = new Set(contract.columns.filter((column) => column.required === true).map((column) => column.name));
  const findings: Finding[] = [];
  const bad: Status = breaking;
  for (const [name, type] of before) {
    const now = after.get(name);
    if (now === undefined) {
      findings.push(
        finding({
          check: 'schema.removed',
          subject: name,
          status: bad,
          message: `column \`${name}\` (${type}) was removed: breaking`,
          observed: null,
          expected: type,
          baseline: type,
          file,
        }),
      );
      continue;
    }
    const change = compareTypes(type, now);
    if (change === 'same') continue;
    findings.push(
      finding({
        check: 'schema.retyped',
        subject: name,
        status: change === 'narrowed' ? bad : 'pass',
        message: `column \`${name}\` changed type from ${type} to ${now}: ${change === 'narrowed' ? 'breaking (narrowed or retyped)' : 'widened, not breaking'}`,
        observed: now,
        expected: type,
        baseline: type,
        file,
      }),
    );
  }
  for (const [name, type] of after) {
    if (before.has(name)) continue;
    const isRequired = required.has(name);
    findings.push(
      finding({
        check: 'schema.added',
        subject: name,
        status: isRequired ? bad : 'pass',
        message: isRequired
          ? `new column \`${name}\` (${type}) is required by the contract: breaking for existing writers`
          : `new column \`${name}\` (${type}), nullable: not breaking`,
        observed: type,
        expected: null,
        baseline: null,
        file,
      }),
    );
  }
  if (findings.length === 0) {
    findings.push(
      finding({
        check: 'schema',
        status: 'pass',
        message: `same ${head.length} columns and types as the baseline`,
        observed: head.length,
        expected: baseline.length,
        baseline: baseline.length,
        file,
      }),
    );
  }
  return findings;
}
