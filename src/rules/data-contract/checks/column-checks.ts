import { type Finding, finding } from '../../../report/model.js';
import type { ColumnContract } from '../contract-model.js';
import { compareNested, hasNested } from '../nested-types.js';
import type { TableView } from '../table-view.js';
import { familyOf } from '../type-families.js';
import { type CheckPlan, judgeCount } from './check-plan.js';
import { qualityPlan } from './quality-checks.js';
import { notInList, quoteBound, quoteIdent, quoteString } from './sql-text.js';
import { uniquePlan } from './unique-plan.js';

export interface CompiledChecks {
  plans: CheckPlan[];
  /** Checks settled from metadata alone (presence, Parquet types). */
  findings: Finding[];
}

/** Compiles one column's contract into checks against the data view. */
export function compileColumn(column: ColumnContract, table: TableView, keyColumns: string[]): CompiledChecks {
  const name = column.name;
  const file = table.scan.files[0]?.repoPath ?? null;
  const info = table.columns.get(name);
  if (info === undefined) {
    // datacontract-cli semantics: every declared column must be in the data. `required` says a
    // value may not be null; it does not make the column optional in the file. Files written
    // under an old and a new schema read together have the column (null for the old rows).
    return {
      plans: [],
      findings: [
        finding({
          check: 'present',
          subject: name,
          status: 'fail',
          message: `${column.required === true ? 'required' : 'declared'} column \`${name}\` is missing from the data; its other checks are not run`,
          observed: 'absent',
          expected: 'present',
          file,
        }),
      ],
    };
  }
  const ref = quoteIdent(name);
  const findings: Finding[] = [];
  const plans: CheckPlan[] = [];
  const base = { subject: name, severity: 'error' as const, sampleColumns: keyColumns, source: column.source };
  const add = (check: string, predicate: string, what: string): void => {
    plans.push({ ...base, check, predicate, expr: `count(*) FILTER (WHERE ${predicate})`, judge: judgeCount(what) });
  };

  if (column.type !== undefined) {
    const raw = table.rawColumns.get(name);
    const mismatch = table.typeMismatches.get(name);
    const declared = column.declaredType ?? column.type;
    if (raw !== undefined) {
      add(
        'type',
        `${quoteIdent(raw)} IS NOT NULL AND ${ref} IS NULL`,
        `with \`${name}\` not ${/^[aeiou]/.test(declared) ? 'an' : 'a'} ${declared} value`,
      );
    } else {
      const comparison = mismatch === undefined && hasNested(column) ? compareNested(column, info.type) : null;
      const nested = comparison?.mismatches ?? [];
      for (const check of comparison?.rowChecks ?? []) {
        // Values of mixed types at a nested path: the rows holding the wrong type are named.
        plans.push({
          ...base,
          check: 'type',
          subject: check.path,
          sampleColumns: [...keyColumns, name],
          predicate: check.predicate,
          expr: `count(*) FILTER (WHERE ${check.predicate})`,
          judge: judgeCount(`with \`${check.path}\` not ${/^[aeiou]/.test(check.declared) ? 'an' : 'a'} ${check.declared}`),
        });
      }
      findings.push(
        finding({
          check: 'type',
          subject: name,
          status: mismatch === undefined && nested.length === 0 ? 'pass' : 'fail',
          message:
            mismatch !== undefined
              ? `\`${name}\` is ${mismatch} in the data; the contract declares ${declared}`
              : nested.length > 0
                ? `${nested.length} nested type mismatch${nested.length === 1 ? '' : 'es'}: ${nested.join('; ')}`
                : `\`${name}\` is ${info.type}`,
          observed: nested.length > 0 ? { type: info.type, mismatches: nested } : info.type,
          expected: declared,
          file,
        }),
      );
    }
  }
  if (column.required === true) add('required', `${ref} IS NULL`, `with \`${name}\` null (required)`);
  if (column.maxNullFraction !== undefined) {
    plans.push({
      ...base,
      check: 'null_fraction',
      predicate: `${ref} IS NULL`,
      expr: `count(*) FILTER (WHERE ${ref} IS NULL)`,
      judge: judgeCount(`with \`${name}\` null`, { op: 'le', value: column.maxNullFraction * 100 }, 'percent'),
    });
  }
  if (column.unique === true) plans.push(uniquePlan([name], base.sampleColumns, column.source));
  if (table.typeMismatches.has(name)) {
    // Bounds and patterns assume the declared type; on another type they cannot be evaluated.
    const skipped = ['min', 'max', 'enum', 'pattern', 'length'].filter((check) => hasCheck(column, check));
    for (const check of skipped) {
      findings.push(
        finding({
          check,
          subject: name,
          status: 'skip',
          message: `\`${name}\`: ${check} not checked, the column is not ${column.declaredType ?? column.type}`,
          file,
        }),
      );
    }
    return { plans, findings };
  }
  const bounds: [string, number | string | undefined, string][] = [
    ['min', column.min, '<'],
    ['max', column.max, '>'],
    ['min', column.exclusiveMin, '<='],
    ['max', column.exclusiveMax, '>='],
  ];
  const range = bounds.filter((entry): entry is [string, number | string, string] => entry[1] !== undefined);
  // A numeric bound on a column the data holds as text (no declared type to cast it to): the
  // values that parse are compared, the others fail as not numbers, and nothing errors.
  const textual = !['integer', 'number'].includes(familyOf(info.type)) && range.some(([, value]) => typeof value === 'number');
  const numeric = textual ? `TRY_CAST(${ref} AS DOUBLE)` : ref;
  if (textual) add('type', `${ref} IS NOT NULL AND ${numeric} IS NULL`, `with \`${name}\` not a number (its bounds are numbers)`);
  for (const [check, value, op] of range) {
    const bound = op.length === 1 ? (op === '<' ? '≥' : '≤') : op === '<=' ? '>' : '<';
    const left = typeof value === 'number' ? numeric : ref;
    add(check, `${left} ${op} ${quoteBound(value)}`, `with \`${name}\` ${op} ${value} (expected ${bound} ${value})`);
  }
  if (column.enum !== undefined)
    add('enum', notInList(ref, column.enum, familyOf(info.type)), `with \`${name}\` outside ${JSON.stringify(column.enum)}`);
  if (column.pattern !== undefined) {
    add(
      'pattern',
      `${ref} IS NOT NULL AND NOT regexp_matches(CAST(${ref} AS VARCHAR), ${quoteString(column.pattern)})`,
      `with \`${name}\` not matching /${column.pattern}/`,
    );
  }
  if (column.minLength !== undefined || column.maxLength !== undefined) {
    const length = `length(CAST(${ref} AS VARCHAR))`;
    const parts = [
      column.minLength === undefined ? null : `${length} < ${column.minLength}`,
      column.maxLength === undefined ? null : `${length} > ${column.maxLength}`,
    ].filter((p) => p !== null);
    add('length', `(${parts.join(' OR ')})`, `with \`${name}\` of length outside ${column.minLength ?? 0}..${column.maxLength ?? '∞'}`);
  }
  if (familyOf(info.type) === 'array') {
    // One row's array against the bounds on its elements (datacontract-cli field_*_items).
    if (column.minItems !== undefined)
      add('min_items', `len(${ref}) < ${column.minItems}`, `with fewer than ${column.minItems} items in \`${name}\``);
    if (column.maxItems !== undefined)
      add('max_items', `len(${ref}) > ${column.maxItems}`, `with more than ${column.maxItems} items in \`${name}\``);
    if (column.uniqueItems === true) {
      add(
        'unique_items',
        `len(list_distinct(${ref})) < len(list_filter(${ref}, item -> item IS NOT NULL))`,
        `with a repeated item in \`${name}\``,
      );
    }
  }
  for (const rule of column.quality) if (rule.metric !== 'sql') plans.push(qualityPlan(rule, table, keyColumns));
  return { plans, findings };
}

function hasCheck(column: ColumnContract, check: string): boolean {
  switch (check) {
    case 'min':
      return column.min !== undefined || column.exclusiveMin !== undefined;
    case 'max':
      return column.max !== undefined || column.exclusiveMax !== undefined;
    case 'enum':
      return column.enum !== undefined;
    case 'pattern':
      return column.pattern !== undefined;
    default:
      return column.minLength !== undefined || column.maxLength !== undefined;
  }
}
