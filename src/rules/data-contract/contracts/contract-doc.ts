import { LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { ConfigError } from '../../../errors.js';
import type { ContractSource } from '../contract-model.js';

/**
 * A parsed contract file (YAML or JSON, which is YAML) that remembers lines, so that a
 * translator can say where an unsupported construct is written.
 */
export class ContractDoc {
  private constructor(
    readonly file: string,
    readonly data: unknown,
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  static parse(file: string, text: string): ContractDoc {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
    const error = doc.errors[0];
    if (error !== undefined) {
      throw new ConfigError(`contract is not valid YAML or JSON: ${error.message.split('\n')[0] ?? ''}`, {
        file,
        line: lines.linePos(error.pos[0]).line,
        hint: 'fix the syntax of the contract file',
      });
    }
    return new ContractDoc(file, doc.toJS({ maxAliasCount: 100 }), doc, lines);
  }

  /** The line where the value at `path` is written (nearest existing ancestor). */
  lineOf(path: readonly (string | number)[]): number | undefined {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, depth), true);
      if (node !== null && typeof node === 'object' && 'range' in node) {
        const range = (node as Node).range;
        if (range) return this.lines.linePos(range[0]).line;
      }
    }
    return undefined;
  }

  sourceOf(path: readonly (string | number)[]): ContractSource {
    return { file: this.file, line: this.lineOf(path) };
  }

  /** A ConfigError at `path` for a construct the translator does not support. */
  unsupported(path: readonly (string | number)[], what: string, hint: string): ConfigError {
    return new ConfigError(`${what} is not supported`, { file: this.file, line: this.lineOf(path), hint });
  }

  invalid(path: readonly (string | number)[], what: string, hint?: string): ConfigError {
    return new ConfigError(what, { file: this.file, line: this.lineOf(path), hint });
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
