import {
  type Alias,
  type Document,
  isAlias,
  isCollection,
  isMap,
  isScalar,
  LineCounter,
  type Node,
  parseDocument,
  visit,
  type YAMLError,
} from 'yaml';

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
    return {
      ok: false,
      problem: { message, ...at(errorOffset(doc, error, text)), hint: 'fix the YAML syntax (indentation, quotes, a missing colon)' },
    };
  }
  const structural = checkStructure(doc, lines);
  if (structural !== null) return { ok: false, problem: { ...structural, ...at(structural.offset) } };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (thrown) {
    if (thrown instanceof ReferenceError && thrown.message.startsWith('Unresolved alias')) {
      const alias = unresolvedAlias(doc);
      const message = `the alias *${alias?.source ?? ''} names no anchor (&${alias?.source ?? ''}) written before it`;
      return { ok: false, problem: { message, ...at(alias?.range?.[0] ?? 0), hint: 'define the anchor first, or write the value out' } };
    }
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

/** The first alias whose anchor is not written before it (toJS names only its source). */
function unresolvedAlias(doc: Document.Parsed): Alias | undefined {
  let found: Alias | undefined;
  visit(doc, {
    Alias: (_, node) => {
      if (node.resolve(doc) !== undefined) return undefined;
      found = node;
      return visit.BREAK;
    },
  });
  return found;
}

/**
 * Where the reader should look for a syntax error. yaml places an unclosed quote or bracket at
 * the end of the file (or where the next key starts), so the error points at the opening one; and
 * an error it places on the blanks ending a line (a badly indented item after a blank line)
 * points at the next thing written, not one line early.
 */
function errorOffset(doc: Document.Parsed, error: YAMLError, text: string): number {
  const [at] = error.pos;
  if (/Missing closing|end with an? [\]}]/.test(error.message)) {
    const opened = lastUnclosed(doc, text, at);
    if (opened !== null) return opened;
  }
  const blanks = /[ \t]*(?:\r?\n[ \t]*)+/y;
  blanks.lastIndex = at;
  return blanks.test(text) && blanks.lastIndex < text.length ? blanks.lastIndex : at;
}

/**
 * The start of the last quoted scalar or flow collection before `before` that is never closed:
 * a quote whose node does not end with one, a bracket whose count never returns to zero.
 */
function lastUnclosed(doc: Document.Parsed, text: string, before: number): number | null {
  const candidates: [number, string, string][] = [];
  const consider = (node: Node, open: string, close: string) => {
    const [start, end] = node.range ?? [0, 0];
    if (start >= before || text[start] !== open) return;
    const written = text.slice(start, end).trimEnd();
    if (written.length < 2 || !written.endsWith(close)) candidates.push([start, open, close]);
  };
  visit(doc, {
    Scalar: (_, node) => {
      if (node.type === 'QUOTE_DOUBLE') consider(node, '"', '"');
      if (node.type === 'QUOTE_SINGLE') consider(node, "'", "'");
    },
    Seq: (_, node) => consider(node, '[', ']'),
    Map: (_, node) => consider(node, '{', '}'),
  });
  candidates.sort((a, b) => b[0] - a[0]);
  const found = candidates.find(([start, open, close]) => open === close || !closesLater(text, start, open, close));
  return found?.[0] ?? null;
}

/** Whether the bracket at `start` is matched somewhere after it (quotes aside: a hint, not a parser). */
function closesLater(text: string, start: number, open: string, close: string): boolean {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === open) depth++;
    else if (text[i] === close && --depth === 0) return true;
  }
  return false;
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
