import { type CheckPlan, judgeCount } from './check-plan.js';
import { quoteIdent } from './sql-text.js';

/** Duplicates of a (composite) key: rows beyond the first of each non-null key. */
export function uniquePlan(
  key: string[],
  sampleColumns: string[],
  source: CheckPlan['source'],
  check = 'unique',
  judge = judgeCount(`repeating the \`${key.join(', ')}\` of an earlier row`),
): CheckPlan {
  const refs = key.map(quoteIdent);
  const notNull = refs.map((ref) => `${ref} IS NOT NULL`).join(' AND ');
  // __mlg_repeats marks a row that repeats an earlier row's key: where the finding points.
  const byKey = `PARTITION BY ${refs.map((r) => `n.${r}`).join(', ')}`;
  const distinct = refs.length === 1 ? refs[0] : `struct_pack(${refs.join(', ')})`;
  return {
    check,
    subject: key.join(', '),
    severity: 'error',
    expr: `count(*) FILTER (WHERE ${notNull}) - count(DISTINCT ${distinct}) FILTER (WHERE ${notNull})`,
    sampleColumns,
    samplesFrom: (view: string, limit: number) =>
      `SELECT n.*, count(*) OVER (${byKey}) AS duplicate_count, row_number() OVER (${byKey} ORDER BY n.__mlg_ord) > 1 AS __mlg_repeats FROM ${view} n SEMI JOIN (SELECT ${refs.join(', ')} FROM ${view} WHERE ${notNull} GROUP BY ALL HAVING count(*) > 1 LIMIT ${limit}) d ON ${refs.map((r) => `n.${r} = d.${r}`).join(' AND ')} ORDER BY n.__mlg_ord LIMIT ${limit * 2}`,
    judge,
    source,
  };
}
