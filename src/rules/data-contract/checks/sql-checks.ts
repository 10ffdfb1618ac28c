import { type Finding, finding } from '../../../report/model.js';
import type { QualityRule } from '../contract-model.js';
import { cleanDuckError } from '../duck-errors.js';
import type { DuckSession } from '../duckdb-session.js';
import { judgeValue } from './check-plan.js';

/**
 * Custom SQL checks (ODCS/DCS `type: sql`, the rule's `sql:`): one read-only query returning
 * one value, bounded. The session is sandboxed before they run (only the data files are
 * readable, nothing writable), and a query must be a single SELECT.
 */
export async function runSqlChecks(session: DuckSession, rules: QualityRule[], objectName: string | undefined): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const query = substitute(rule.query ?? '', objectName);
    const base = {
      check: rule.name === 'sql' ? 'sql' : rule.name,
      subject: rule.column,
      file: rule.source.file,
      line: rule.source.line ?? null,
    };
    const label = rule.description ?? rule.name;
    try {
      if (!/^\s*(SELECT|WITH|FROM)\b/i.test(query) || (await session.countStatements(query)) !== 1) {
        findings.push(
          finding({
            ...base,
            status: 'error',
            message: `SQL check "${label}" must be a single SELECT query`,
            observed: query,
            expected: 'one SELECT',
          }),
        );
        continue;
      }
      const rows = await session.query(`SELECT * FROM (${query}) LIMIT 2`);
      const first = rows[0];
      const value = first === undefined ? null : Object.values(first)[0];
      if (rows.length !== 1) {
        findings.push(
          finding({
            ...base,
            status: 'error',
            message: `SQL check "${label}" returned ${rows.length === 0 ? 'no row' : 'several rows'}; it must return one value`,
            observed: rows.length,
            expected: 1,
          }),
        );
        continue;
      }
      const judgement = judgeValue(`SQL check "${label}"`, rule.bound)(typeof value === 'bigint' ? Number(value) : value);
      findings.push(
        finding({
          ...base,
          status: judgement.pass ? 'pass' : rule.severity === 'warning' ? 'warn' : 'fail',
          message: judgement.message,
          observed: judgement.observed,
          expected: judgement.expected,
        }),
      );
    } catch (error) {
      findings.push(
        finding({
          ...base,
          status: 'error',
          message: `SQL check "${label}" could not run: ${cleanDuckError(error, [])}`,
          observed: query,
          expected: null,
        }),
      );
    }
  }
  return findings;
}

/** datacontract-cli style placeholders name the table: `{model}`, `{object}`, `{table}`. */
function substitute(query: string, objectName: string | undefined): string {
  return query.replaceAll(
    /\$?\{(model|object|table|schema)\}/g,
    objectName !== undefined && /^[A-Za-z_]\w*$/.test(objectName) ? objectName : 'data',
  );
}
