import { type Document, isAlias, isCollection, isMap, isScalar, LineCounter, type Node, parseDocument } from 'yaml';

/**
 * Bounds on a YAML (or JSON) file read from a pull request. Deeper nesting than this is no
 * real rule, metrics or contract file; aliases past the count are a "billion laughs" bomb.
 */
export const MAX_NESTING_DEPTH = 100;
export const MAX_ALIAS_COUNT = 100;

export interface YamlProblem {
  message: string;
  line: number;
  column: number;
  hint: string;
}

export type YamlReading = { ok: true; doc: Document.Parsed; lines: LineCounter; data: unknown } | { ok: false; problem: YamlProblem };

/**
 * Parses YAML in time linear in its size. The yaml package's own duplicate-key check compares
 * every key with every other (50k keys took minutes), so it is off and `findDuplicateKey`
 * does the same job with one Set per map.
 */
export function readYamlDocument(text: string): YamlReading {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const at = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  const [error] = doc.errors;
  if (error !== undefined) {
    if (error.code === 'RESOURCE_EXHAUSTION') return { ok: false, problem: tooDeep(at(error.pos[0])) };
    const message = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? 'invalid YAML';
    return { ok: false, problem: { message, ...at(error.pos[0]), hint: 'fix the YAML syntax (indentation, quotes, a missing colon)' } };
  }
  const structural = checkStructure(doc, lines);
  if (structural !== null) return { ok: false, problem: { ...structural, ...at(structural.offset) } };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (thrown) {
    if (thrown instanceof ReferenceError) {
      const message = `the file expands ${MAX_ALIAS_COUNT}+ aliases (*name), which looks like an alias bomb`;
      return { ok: false, problem: { message, line: 1, column: 1, hint: 'write the values out instead of repeating aliases' } };
    }
    if (thrown instanceof RangeError) return { ok: false, problem: tooDeep({ line: 1, column: 1 }) };
    throw thrown;
  }
  if (depthOf(data) > MAX_NESTING_DEPTH) return { ok: false, problem: tooDeep({ line: 1, column: 1 }) };
  return { ok: true, doc, lines, data };
}

function tooDeep(where: { line: number; column: number }): YamlProblem {
  return {
    message: `values are nested more than ${MAX_NESTING_DEPTH} levels deep`,
    ...where,
    hint: 'flatten the file: no rule, metrics or contract file needs this depth',
  };
}

interface StructuralProblem {
  message: string;
  offset: number;
  hint: string;
}

/** A key written twice in one map, a map or list used as a key, or too deep nesting. */
function checkStructure(doc: Document.Parsed, lines: LineCounter): StructuralProblem | null {
  const stack: [Node, number][] = doc.contents === null ? [] : [[doc.contents, 1]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [node, depth] = next;
    if (!isCollection(node)) continue; // scalars are leaves; aliases are checked where defined
    if (depth > MAX_NESTING_DEPTH) {
      const { message, hint } = tooDeep({ line: 1, column: 1 });
      return { message, hint, offset: node.range?.[0] ?? 0 };
    }
    if (!isMap(node)) {
      for (const item of node.items) if (item !== null && typeof item === 'object') stack.push([item as Node, depth + 1]);
      continue;
    }
    const seen = new Map<string, number>();
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const offset = keyNode?.range?.[0] ?? node.range?.[0] ?? 0;
      const name = keyName(doc, keyNode);
      if (name === null) {
        return { message: 'a map key must be a name or a number, not a list or a map', offset, hint: 'write the key as plain text' };
      }
      const first = seen.get(name);
      if (first !== undefined) {
        return {
          message: `the key "${shorten(name)}" is written twice in the same map (first at line ${lines.linePos(first).line})`,
          offset,
          hint: 'keep one of the two: a file where a key means two things is ambiguous',
        };
      }
      seen.set(name, offset);
      if (pair.value !== null && typeof pair.value === 'object') stack.push([pair.value as Node, depth + 1]);
    }
  }
  return null;
}

/** The key as the parsed object will spell it (`1` and `"1"` are the same key there). */
function keyName(doc: Document.Parsed, key: Node | null): string | null {
  if (key === null) return '';
  const resolved = isAlias(key) ? key.resolve(doc) : key;
  if (resolved === undefined) return '';
  return isScalar(resolved) ? String(resolved.value) : null;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Depth of a parsed value, counted without recursion and stopping once past the limit. */
function depthOf(root: unknown): number {
  const stack: [unknown, number][] = [[root, 0]];
  let deepest = 0;
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [value, depth] = next;
    if (value === null || typeof value !== 'object') continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    if (deepest > MAX_NESTING_DEPTH) return deepest;
    for (const child of value instanceof Map ? value.values() : Object.values(value)) stack.push([child, depth + 1]);
  }
  return deepest;
}
