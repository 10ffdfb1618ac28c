import type { z } from 'zod';
import { closestMatch } from '../did-you-mean.js';
import { ConfigError } from '../errors.js';
import type { YamlSource } from './yaml-source.js';

/**
 * Turns zod's issues into ConfigErrors that say where (file:line:column), which key, what was
 * expected and, for a mistyped key, which key was probably meant.
 */
export function toConfigErrors(
  issues: readonly z.core.$ZodIssue[],
  source: YamlSource,
  schema: z.ZodType,
  prefix: readonly PropertyKey[] = [],
): ConfigError[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeys(schema, issue.path);
      return issue.keys.map((key) => {
        const position = source.locate(path, key);
        const suggestion = closestMatch(key, allowed);
        return new ConfigError(`\`${key}\` is not a valid key ${describePlace(path)}`, {
          file: source.file,
          ...lineAndColumn(position),
          hint:
            suggestion !== undefined
              ? `did you mean \`${suggestion}\`?`
              : allowed.length > 0
                ? `expected one of: ${allowed.join(', ')}`
                : undefined,
        });
      });
    }
    const position = source.locate(path);
    return [
      new ConfigError(`${describeKey(path)} ${describeProblem(issue, path)}`, {
        file: source.file,
        ...lineAndColumn(position),
      }),
    ];
  });
}

function lineAndColumn(position: { line: number; column: number }) {
  return { line: position.line, column: position.column };
}

function describeKey(path: readonly PropertyKey[]): string {
  const last = [...path].reverse().find((part) => typeof part === 'string');
  return last === undefined ? 'the rule file' : `\`${String(last)}\``;
}

function describePlace(path: readonly PropertyKey[]): string {
  const key = [...path].reverse().find((part) => typeof part === 'string');
  return key === undefined ? 'at the top level' : `in \`${String(key)}\``;
}

/** What a mapping of names holds, in the words of the rule file (`metrics: { accuracy: { min: 0.9 } }`). */
const MAPPING_OF: Record<string, string> = {
  metrics: 'a mapping of metric names to bounds',
  columns: 'a mapping of column names to checks',
};

function describeProblem(issue: z.core.$ZodIssue, path: readonly PropertyKey[]): string {
  // Custom refinements write their own message, which already names the value.
  const got = 'input' in issue && issue.code !== 'custom' ? ` (got ${preview(issue.input)})` : '';
  switch (issue.code) {
    case 'invalid_type': {
      const key = String(path.at(-1) ?? '');
      const expected = issue.expected === 'record' ? (MAPPING_OF[key] ?? 'a mapping') : article(issue.expected);
      return issue.input === undefined ? `is required and must be ${expected}` : `must be ${expected}${got}`;
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}${got}`
        : `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${got}`;
    case 'too_small':
      return `is too small: ${issue.message.replace(/^Too small: /, '')}${got}`;
    case 'too_big':
      return `is too big: ${issue.message.replace(/^Too big: /, '')}${got}`;
    case 'invalid_union':
      return `does not match any allowed form${got}`;
    default:
      return `${issue.message}${got}`;
  }
}

function article(type: string): string {
  const word = type === 'array' ? 'a list' : type === 'object' ? 'a mapping' : /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
  return word;
}

function preview(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** The keys a schema allows at a path, by walking the zod definition (unwrapping optionals). */
export function allowedKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node: unknown = schema;
  for (const part of path) {
    node = unwrap(node);
    const def = definition(node);
    if (def?.type === 'object') node = (def.shape as Record<string, unknown>)[String(part)];
    else if (def?.type === 'array') node = def.element;
    else if (def?.type === 'record') node = def.valueType;
    else return [];
  }
  const def = definition(unwrap(node));
  return def?.type === 'object' ? Object.keys(def.shape as object).sort() : [];
}

function unwrap(node: unknown): unknown {
  let current = node;
  for (let i = 0; i < 10; i++) {
    const def = definition(current);
    if (def === undefined) return current;
    if ('innerType' in def) current = def.innerType;
    else if (def.type === 'pipe') current = def.in;
    else return current;
  }
  return current;
}

function definition(node: unknown): (Record<string, unknown> & { type?: string }) | undefined {
  const zod = (node as { _zod?: { def?: Record<string, unknown> & { type?: string } } } | undefined)?._zod;
  return zod?.def;
}
