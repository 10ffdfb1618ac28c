/**
 * Typed errors that carry where the problem is (file, line, column) and what to do about it.
 * The core throws them; only the doors (CLI, Action, App) turn them into output, so that the
 * same message reads well in a terminal, a check run and a log line.
 */
export interface ErrorLocation {
  /** Repository-relative path (or the path as the user gave it). */
  file?: string | undefined;
  line?: number | undefined;
  column?: number | undefined;
}

export interface ErrorDetails extends ErrorLocation {
  /** What the user can do about it, as one sentence. */
  hint?: string | undefined;
  cause?: unknown;
}

export type ErrorKind = 'config' | 'input' | 'git' | 'usage';

export abstract class GuardrailsError extends Error {
  abstract readonly kind: ErrorKind;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly hint: string | undefined;

  constructor(message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.file = details.file;
    this.line = details.line;
    this.column = details.column;
    this.hint = details.hint;
  }

  /** `file:line:column` (as much of it as is known), or '' when no file is known. */
  get where(): string {
    return formatLocation(this);
  }

  /** One line for a terminal or a log: "where: message. hint". */
  toOneLine(): string {
    const where = this.where;
    const text = where === '' ? this.message : `${where}: ${this.message}`;
    return this.hint === undefined ? text : `${text} (${this.hint})`;
  }
}

/** The rule file (or an included one) is not what the schema expects. */
export class ConfigError extends GuardrailsError {
  readonly kind = 'config';
}

/** Thrown with every problem found in a rule file, so that one run shows them all. */
export class ConfigErrorList extends ConfigError {
  constructor(readonly errors: ConfigError[]) {
    const first = errors[0]!;
    super(first.message, { file: first.file, line: first.line, column: first.column, hint: first.hint });
  }
}

/** An input named by a rule (metrics file, dataset, contract) cannot be read or parsed. */
export class InputError extends GuardrailsError {
  readonly kind = 'input';
}

/** The repository, a ref or a baseline cannot be resolved. */
export class GitError extends GuardrailsError {
  readonly kind = 'git';
}

/** The command line itself is wrong. */
export class UsageError extends GuardrailsError {
  readonly kind = 'usage';
}

export function formatLocation(location: ErrorLocation): string {
  if (location.file === undefined) return '';
  let text = location.file;
  if (location.line !== undefined) {
    text += `:${location.line}`;
    if (location.column !== undefined) text += `:${location.column}`;
  }
  return text;
}

/**
 * Anything thrown, as a message that is safe to show: fail closed on values that are not
 * Errors, and never echo an object that might hold a request (and so a token).
 */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof GuardrailsError) return thrown.toOneLine();
  if (thrown instanceof Error) return thrown.message;
  if (typeof thrown === 'string') return thrown;
  return 'an unknown error was thrown';
}
