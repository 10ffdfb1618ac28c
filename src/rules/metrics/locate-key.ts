import { isNode, LineCounter, parseDocument } from 'yaml';
import type { ValuePath } from './metric-table.js';

/**
 * Finds the line of a value in a JSON or YAML text (JSON is YAML to this parser). Building the
 * document is much slower than JSON.parse, so it happens once per file and only when a finding
 * first asks for a line; passing checks never pay for it.
 */
export function createKeyLocator(text: string): (path: ValuePath) => number | null {
  let lookup: ((path: ValuePath) => number | null) | undefined;
  return (path) => {
    lookup ??= buildLookup(text);
    return lookup(path);
  };
}

function buildLookup(text: string): (path: ValuePath) => number | null {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  return (path) => {
    const node = document.getIn(path, true);
    if (!isNode(node) || node.range === undefined || node.range === null) return null;
    return lineCounter.linePos(node.range[0]).line;
  };
}
