import { ConfigError } from '../../errors.js';
import { quoteString } from './checks/sql-text.js';
import type { TableContract } from './contract-model.js';
import type { DuckSession } from './duckdb-session.js';
import { checkRe2Pattern } from './regex-safety.js';

/**
 * Every pattern the checks will hand DuckDB, checked up front: our limits first, then RE2's
 * own compile (which refuses programs that are too large, such as `(a{1000}){1000}`), so a
 * bad pattern is one clear configuration error rather than a failed scan.
 */
export async function checkPatterns(session: DuckSession, contract: TableContract): Promise<void> {
  const patterns = [
    ...contract.columns
      .filter((c) => c.pattern !== undefined)
      .map((c) => ({ pattern: c.pattern ?? '', subject: `column ${c.name}`, source: c.source })),
    ...[...contract.quality, ...contract.columns.flatMap((c) => c.quality)]
      .filter((rule) => rule.pattern !== undefined)
      .map((rule) => ({ pattern: rule.pattern ?? '', subject: `${rule.name} on ${rule.column ?? 'the table'}`, source: rule.source })),
  ];
  for (const { pattern, subject, source } of patterns) {
    checkRe2Pattern(pattern, { file: source.file, line: source.line, subject });
    try {
      await session.query(`SELECT regexp_matches('', ${quoteString(pattern)})`);
    } catch (cause) {
      const reason = (cause instanceof Error ? cause.message : String(cause)).split('\n')[0]?.replace(/^.*Error:\s*/, '');
      throw new ConfigError(`pattern for ${subject} is not a valid RE2 regular expression: ${reason}`, {
        file: source.file,
        line: source.line,
        hint: 'DuckDB matches with RE2 (linear time, no lookarounds or backreferences); simplify the pattern',
        cause,
      });
    }
  }
}
