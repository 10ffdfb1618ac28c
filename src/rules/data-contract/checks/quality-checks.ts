import type { QualityRule } from '../contract-model.js';
import type { TableView } from '../table-view.js';
import { familyOf } from '../type-families.js';
import { type CheckPlan, judgeCount, judgeValue } from './check-plan.js';
import { notInList, quoteIdent, quoteLiteral, quoteString } from './sql-text.js';
import { uniquePlan } from './unique-plan.js';

/**
 * ODCS / DCS library metrics as checks. Counts are of rows; `unit: percent` compares the
 * share of all rows; `severity: warning` makes a failure a warning (datacontract-cli semantics).
 */
export function qualityPlan(rule: QualityRule, table: TableView, keyColumns: string[]): CheckPlan {
  const base = {
    check: rule.name,
    subject: rule.column ?? rule.columns?.join(', '),
    severity: rule.severity,
    sampleColumns: keyColumns,
    source: rule.source,
  };
  const ref = rule.column === undefined ? '' : quoteIdent(rule.column);
  const counted = (predicate: string, what: string): CheckPlan => ({
    ...base,
    predicate,
    expr: `count(*) FILTER (WHERE ${predicate})`,
    judge: judgeCount(what, rule.bound, rule.unit),
  });
  switch (rule.metric) {
    case 'nullValues':
      return counted(`${ref} IS NULL`, `with null \`${rule.column}\``);
    case 'missingValues': {
      const values = (rule.missingValues ?? [null, '']).filter((value) => value !== null).map((value) => quoteString(String(value)));
      const listed = values.length === 0 ? '' : ` OR CAST(${ref} AS VARCHAR) IN (${values.join(', ')})`;
      return counted(`(${ref} IS NULL${listed})`, `with missing \`${rule.column}\``);
    }
    case 'invalidValues': {
      const family = familyOf(table.columns.get(rule.column ?? '')?.type ?? 'VARCHAR');
      const predicate =
        rule.validValues !== undefined
          ? notInList(ref, rule.validValues, family)
          : `${ref} IS NOT NULL AND NOT regexp_matches(CAST(${ref} AS VARCHAR), ${quoteString(rule.pattern ?? '')})`;
      return counted(predicate, `with invalid \`${rule.column}\``);
    }
    case 'duplicateValues': {
      const key = rule.columns ?? (rule.column === undefined ? [] : [rule.column]);
      return {
        ...uniquePlan(
          key,
          keyColumns,
          rule.source,
          rule.name,
          judgeCount(`repeating a \`${key.join(', ')}\` value`, rule.bound, rule.unit),
        ),
        severity: rule.severity,
      };
    }
    case 'rowCount':
      return { ...base, expr: 'count(*)', judge: judgeValue('row count', rule.bound) };
    case 'sql':
      // Run as its own query by runSqlChecks; a placeholder keeps the shape uniform.
      return { ...base, expr: quoteLiteral(null), judge: judgeValue(rule.description ?? rule.name, rule.bound) };
  }
}
