import { type Document, isMap, isPair, isScalar, type LineCounter, type Node } from 'yaml';
import { ConfigError } from '../errors.js';
import { readYamlDocument } from './yaml-document.js';

export interface Position {
  line: number;
  column: number;
}

/**
 * A parsed YAML file that remembers where every value came from, so that a schema problem
 * found later can be reported at its file, line and column.
 */
export class YamlSource {
  private constructor(
    readonly file: string,
    readonly data: unknown,
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  /**
   * Parses YAML text in linear time; a syntax error, a duplicate key, an alias bomb or too deep
   * nesting becomes a ConfigError at the line where it was found.
   */
  static parse(file: string, text: string): YamlSource {
    const reading = readYamlDocument(text);
    if (!reading.ok) {
      const { message, line, column, hint } = reading.problem;
      throw new ConfigError(`YAML syntax error: ${message}`, { file, line, column, hint });
    }
    return new YamlSource(file, reading.data, reading.doc, reading.lines);
  }

  /**
   * Where the value at `path` starts; with `key`, where that key of the map at `path` is
   * written. Falls back to the nearest ancestor that exists, then to line 1.
   */
  locate(path: readonly PropertyKey[], key?: string): Position {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = this.nodeAt(path.slice(0, depth));
      if (node === undefined) continue;
      if (key !== undefined && depth === path.length && isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
        const keyNode = pair?.key as Node | undefined;
        if (keyNode?.range) return this.position(keyNode.range[0]);
      }
      if (node.range) return this.position(node.range[0]);
    }
    return { line: 1, column: 1 };
  }

  private nodeAt(path: readonly PropertyKey[]): Node | undefined {
    if (path.length === 0) return (this.doc.contents as Node | null) ?? undefined;
    const node = this.doc.getIn(path as unknown[], true);
    return node !== null && typeof node === 'object' && 'range' in node ? (node as Node) : undefined;
  }

  private position(offset: number): Position {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }
}
