import { YamlSource } from '../../../config/yaml-source.js';
import { ConfigError } from '../../../errors.js';
import type { ContractSource } from '../contract-model.js';

/**
 * A parsed contract file (YAML or JSON, which is YAML) that remembers lines, so that a
 * translator can say where an unsupported construct is written.
 */
export class ContractDoc {
  private constructor(
    readonly file: string,
    private readonly source: YamlSource,
  ) {}

  get data(): unknown {
    return this.source.data;
  }

  static parse(file: string, text: string): ContractDoc {
    try {
      return new ContractDoc(file, YamlSource.parse(file, text));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const detail = error.message.replace(/^YAML syntax error: /, '');
      throw new ConfigError(`contract is not valid YAML or JSON: ${detail}`, {
        file,
        line: error.line,
        hint: 'fix the syntax of the contract file',
      });
    }
  }

  /** The line where the value at `path` is written (nearest existing ancestor). */
  lineOf(path: readonly (string | number)[]): number | undefined {
    return this.source.locate(path).line;
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
