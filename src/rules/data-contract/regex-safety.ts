import { ConfigError } from '../../errors.js';

/**
 * Patterns come from contracts in pull requests. Every pattern this kind evaluates runs on RE2
 * (DuckDB's regexp functions, and re2js inside ajv for JSON Schema), which matches in time
 * linear in the input: no pattern can hang a check. RE2 refuses backreferences and lookarounds,
 * which are reported here with the pattern's line before the engine does.
 */

export const MAX_PATTERN_LENGTH = 1000;

export interface PatternOrigin {
  file?: string | undefined;
  line?: number | undefined;
  subject: string;
}

/** Checks a pattern run by DuckDB (RE2). */
export function checkRe2Pattern(pattern: string, origin: PatternOrigin): void {
  checkLength(pattern, origin);
  if (/\(\?<?[=!]/.test(pattern) || /\\[1-9]/.test(pattern)) {
    throw new ConfigError(`pattern for ${origin.subject} uses a lookaround or a backreference, which RE2 does not support`, {
      file: origin.file,
      line: origin.line,
      hint: 'rewrite the pattern without (?=, (?!, (?<=, (?<! or \\1',
    });
  }
}

function checkLength(pattern: string, origin: PatternOrigin): void {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new ConfigError(`pattern for ${origin.subject} is ${pattern.length} characters long (at most ${MAX_PATTERN_LENGTH})`, {
      file: origin.file,
      line: origin.line,
      hint: 'use a shorter pattern, or an enum of accepted values',
    });
  }
}
