import { InputError } from '../../errors.js';

/**
 * Parses a JSON metrics file. JSON.parse is the fast path; only when it refuses the text does
 * a slower scanner run, for two reasons: V8's messages often carry no position, and Python's
 * `json.dump` writes `NaN` and `Infinity` by default, which are worth reading as the non-finite
 * numbers they are (and reporting as such) rather than calling the whole file malformed.
 */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return new LenientJsonParser(text, file).parseDocument();
  }
}

const LITERALS: [string, unknown][] = [
  ['true', true],
  ['false', false],
  ['null', null],
  ['NaN', Number.NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
];

class LenientJsonParser {
  private at = 0;

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  parseDocument(): unknown {
    if (this.text.charCodeAt(0) === 0xfeff) this.at = 1;
    const value = this.parseValue();
    this.skipSpace();
    if (this.at < this.text.length) this.fail('expected the end of the file after the JSON value');
    return value;
  }

  private parseValue(): unknown {
    this.skipSpace();
    const char = this.text[this.at];
    if (char === '{') return this.parseObject();
    if (char === '[') return this.parseArray();
    if (char === '"') return this.parseString();
    for (const [word, value] of LITERALS) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return value;
      }
    }
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.at, this.at + 64));
    if (number !== null) {
      this.at += number[0].length;
      return Number(number[0]);
    }
    return this.fail(char === undefined ? 'the file ends where a value was expected' : `expected a value, found "${char}"`);
  }

  private parseObject(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.at++;
    if (this.peek() === '}') return this.close(result);
    for (;;) {
      if (this.peek() !== '"') this.fail('expected a quoted key');
      const key = this.parseString();
      if (this.peek() !== ':') this.fail(`expected ":" after the key "${key}"`);
      this.at++;
      result[key] = this.parseValue();
      const next = this.peek();
      if (next === '}') return this.close(result);
      if (next !== ',') this.fail('expected "," or "}" after a value');
      this.at++;
    }
  }

  private parseArray(): unknown[] {
    const result: unknown[] = [];
    this.at++;
    if (this.peek() === ']') return this.close(result);
    for (;;) {
      result.push(this.parseValue());
      const next = this.peek();
      if (next === ']') return this.close(result);
      if (next !== ',') this.fail('expected "," or "]" after a value');
      this.at++;
    }
  }

  private parseString(): string {
    const match = /^"(?:[^"\\\n]|\\.)*"/.exec(this.text.slice(this.at));
    if (match === null) return this.fail('a string is not closed on its line');
    this.at += match[0].length;
    return JSON.parse(match[0]) as string;
  }

  private close<T>(value: T): T {
    this.at++;
    return value;
  }

  private peek(): string | undefined {
    this.skipSpace();
    return this.text[this.at];
  }

  private skipSpace(): void {
    while (/\s/.test(this.text[this.at] ?? '')) this.at++;
  }

  private fail(message: string): never {
    const before = this.text.slice(0, this.at);
    const line = before.split('\n').length;
    const column = this.at - before.lastIndexOf('\n');
    throw new InputError(`${this.file} is not valid JSON: ${message}`, { file: this.file, line, column });
  }
}
