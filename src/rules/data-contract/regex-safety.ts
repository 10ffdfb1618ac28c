import { ConfigError } from '../../errors.js';

/**
 * Patterns come from contracts in pull requests. DuckDB matches with RE2, which runs in time
 * linear in the input (no backtracking), so a pattern cannot hang a column check; RE2 refuses
 * backreferences and lookarounds, which we report before DuckDB does. JSON Schema patterns run
 * in ajv with JavaScript's backtracking engine, where nested quantifiers such as `(a+)+` take
 * exponential time: those are refused outright.
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

/** Checks a pattern run by a backtracking engine (ajv, JavaScript RegExp). */
export function checkBacktrackingPattern(pattern: string, origin: PatternOrigin): void {
  checkLength(pattern, origin);
  if (hasNestedQuantifier(pattern) || /\\[1-9]/.test(pattern)) {
    throw new ConfigError(
      `pattern for ${origin.subject} can take exponential time (a quantified group that contains a quantifier, or a backreference)`,
      {
        file: origin.file,
        line: origin.line,
        hint: 'rewrite it without nesting quantifiers, e.g. `^(ab)+$` rather than `^(a+b?)+$`',
      },
    );
  }
  try {
    new RegExp(pattern, 'u');
  } catch (cause) {
    throw new ConfigError(`pattern for ${origin.subject} is not a valid regular expression`, {
      file: origin.file,
      line: origin.line,
      cause,
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

/** A group that holds a quantifier and is itself quantified: the shape of catastrophic backtracking. */
function hasNestedQuantifier(pattern: string): boolean {
  const stack: boolean[] = [];
  let escaped = false;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (escaped) {
      escaped = false;
      continue;
    }
    if (char === '\\') {
      escaped = true;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      continue;
    }
    if (char === '[') {
      inClass = true;
      continue;
    }
    if (char === '(') {
      stack.push(false);
      continue;
    }
    if (char === ')') {
      const inner = stack.pop() ?? false;
      const next = pattern[i + 1];
      if (inner && (next === '*' || next === '+' || next === '{')) return true;
      if (inner && stack.length > 0) stack[stack.length - 1] = true;
      continue;
    }
    if ((char === '*' || char === '+' || char === '{') && stack.length > 0) stack[stack.length - 1] = true;
  }
  return false;
}
