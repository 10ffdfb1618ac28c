import { type Finding, finding } from '../../../report/model.js';
import type { TableContract } from '../contract-model.js';
import type { TableView } from '../table-view.js';
import { familyOf } from '../type-families.js';
import { type CheckPlan, type Judgement, judgeCount, judgeValue, round } from './check-plan.js';
import { type CompiledChecks, compileColumn } from './column-checks.js';
import { qualityPlan } from './quality-checks.js';
import { quoteIdent } from './sql-text.js';
import { uniquePlan } from './unique-plan.js';

/** Every check of a contract that runs in the shared scan, plus those settled from metadata. */
export function compileContract(contract: TableContract, table: TableView, now: Date): CompiledChecks {
  const keyColumns = identityColumns(contract, table);
  const plans: CheckPlan[] = [];
  const findings: Finding[] = [];
  for (const column of contract.columns) {
    const compiled = compileColumn(column, table, keyColumns);
    plans.push(...compiled.plans);
    findings.push(...compiled.findings);
  }
  if (!contract.allowExtraColumns) {
    const declared = new Set(contract.columns.map((column) => column.name));
    for (const name of table.columns.keys()) {
      if (declared.has(name)) continue;
      findings.push(
        finding({
          check: 'extra_column',
          subject: name,
          status: 'fail',
          message: `column \`${name}\` is not in the contract, which allows no other columns`,
          observed: name,
          expected: 'only declared columns',
          file: table.scan.files[0]?.repoPath ?? null,
        }),
      );
    }
  }
  if (contract.rows !== undefined) {
    const { min, max } = contract.rows;
    const bound =
      min !== undefined && max !== undefined
        ? { op: 'between' as const, value: [min, max] as [number, number] }
        : min !== undefined
          ? { op: 'ge' as const, value: min }
          : { op: 'le' as const, value: max ?? Number.MAX_SAFE_INTEGER };
    plans.push({ check: 'rows', severity: 'error', expr: 'count(*)', judge: judgeValue('row count', bound) });
  }
  for (const key of contract.uniqueKeys) {
    const missing = key.filter((name) => !table.columns.has(name));
    if (missing.length > 0) {
      findings.push(
        finding({
          check: 'unique',
          subject: key.join(', '),
          status: 'fail',
          message: `unique key column(s) ${missing.map((m) => `\`${m}\``).join(', ')} missing from the data`,
          observed: 'absent',
          expected: 'present',
        }),
      );
    } else plans.push(uniquePlan(key, keyColumns, undefined));
  }
  for (const rule of contract.quality) if (rule.metric !== 'sql') plans.push(qualityPlan(rule, table, keyColumns));
  if (contract.freshness !== undefined) {
    const { column, maxAge, maxAgeSeconds } = contract.freshness;
    const info = table.columns.get(column);
    const family = info === undefined ? 'absent' : familyOf(info.type);
    if (info === undefined || !['date', 'timestamp', 'string'].includes(family)) {
      findings.push(
        finding({
          check: 'freshness',
          subject: column,
          status: 'error',
          message: `freshness needs a date or timestamp column; \`${column}\` is ${info?.type ?? 'absent'}`,
          observed: info?.type ?? 'absent',
          expected: 'DATE or TIMESTAMP',
        }),
      );
    } else {
      const ref = quoteIdent(column);
      // Text that should hold timestamps (a bad value made the column text): the values that
      // parse decide the age, and the others fail as not timestamps, with their rows.
      const value = family === 'string' ? `TRY_CAST(${ref} AS TIMESTAMP)` : ref;
      if (family === 'string') {
        const predicate = `${ref} IS NOT NULL AND ${value} IS NULL`;
        plans.push({
          check: 'type',
          subject: column,
          severity: 'error',
          predicate,
          expr: `count(*) FILTER (WHERE ${predicate})`,
          sampleColumns: keyColumns,
          judge: judgeCount(`with \`${column}\` not a date or timestamp (freshness reads it as one)`),
        });
      }
      plans.push({
        check: 'freshness',
        subject: column,
        severity: 'error',
        expr: `epoch(CAST(max(${value}) AS TIMESTAMP))`,
        judge: judgeFreshness(column, maxAge, maxAgeSeconds, now),
      });
    }
  }
  return { plans, findings };
}

function judgeFreshness(column: string, maxAge: string, maxAgeSeconds: number, now: Date) {
  return (value: unknown): Judgement => {
    if (value === null || value === undefined)
      return {
        pass: false,
        message: `\`${column}\` has no values, so the data's age is unknown`,
        observed: null,
        expected: `newest value at most ${maxAge} old`,
      };
    const newest = new Date(Number(value) * 1000);
    const ageSeconds = (now.getTime() - newest.getTime()) / 1000;
    const ageDays = round(ageSeconds / 86_400, 2);
    return {
      pass: ageSeconds <= maxAgeSeconds,
      message: `newest \`${column}\` is ${newest.toISOString()}, ${ageDays} days old; expected at most ${maxAge}`,
      observed: { newest: newest.toISOString(), age_days: ageDays },
      expected: `at most ${maxAge} old`,
    };
  };
}

/** Columns that identify a row in example rows: declared unique columns, else an `id` column. */
function identityColumns(contract: TableContract, table: TableView): string[] {
  const unique = contract.columns
    .filter((column) => column.unique === true && column.sensitive !== true && table.columns.has(column.name))
    .map((column) => column.name);
  if (unique.length > 0) return unique.slice(0, 2);
  const id = [...table.columns.keys()].find((name) => /^(id|.*_id)$/i.test(name));
  return id === undefined ? [] : [id];
}
