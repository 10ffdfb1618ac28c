import { MAX_NESTING_DEPTH } from '../config/yaml-document.js';
import { InputError } from '../errors.js';

/**
 * Parses a JSON input file (metrics, benchmark results) in one linear pass. JSON.parse is not used because it keeps the
 * last of two equal keys without a word, and a metrics file where `accuracy` is written twice
 * is ambiguous: here it is an error with both lines. The scanner also reads `NaN` and
 * `Infinity`, which Python's `json.dump` writes by default, as the non-finite numbers they are
 * (reported as such) rather than calling the whole file malformed, and it refuses nesting
 * deeper than any metrics file needs, before the stack could overflow. With `maxValues` it
 * stops at the first value past the limit, so a file of millions of keys costs no more than that.
 */
export function parseJson(text: string, file: string, maxValues = Number.POSITIVE_INFINITY): unknown {
  return new JsonScanner(text, file, maxValues).parseDocument();
}

/**
 * The same parse, also noting where each value starts, so that a finding's line is found in the
 * same linear pass (a YAML parse of the text, to find lines, costs a hundred times more).
 */
export function parseJsonLocated(
  text: string,
  file: string,
  maxValues: number,
): { value: unknown; locate: (path: readonly (string | number)[]) => number | null } {
  const positions = new Map<string, number>();
  const scanner = new JsonScanner(text, file, maxValues, positions);
  const value = scanner.parseDocument();
  let newlines: number[] | undefined;
  const lineOf = (offset: number): number => {
    if (newlines === undefined) {
      newlines = [];
      for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) newlines.push(at);
    }
    let [low, high] = [0, newlines.length];
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (newlines[mid]! < offset) low = mid + 1;
      else high = mid;
    }
    return low + 1;
  };
  return {
    value,
    locate: (path) => {
      const offset = positions.get(pathKey(path));
      return offset === undefined ? null : lineOf(offset);
    },
  };
}

// NUL cannot be typed in a key without an escape: a collision only misplaces a line number.
function pathKey(path: readonly (string | number)[]): string {
  return path.join('\u0000');
}

const LITERALS: [string, unknown][] = [
  ['true', true],
  ['false', false],
  ['null', null],
  ['NaN', Number.NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
];

const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\n]|\\.)*"/y;

class JsonScanner {
  private at = 0;
  private depth = 0;
  private values = 0;
  private readonly path: (string | number)[] = [];

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly maxValues: number,
    private readonly positions?: Map<string, number>,
  ) {}

  parseDocument(): unknown {
    if (this.text.charCodeAt(0) === 0xfeff) this.at = 1;
    const value = this.parseValue();
    this.skipSpace();
    if (this.at < this.text.length) this.fail('expected the end of the file after the JSON value');
    return value;
  }

  private parseValue(): unknown {
    if (++this.values > this.maxValues) this.tooMany();
    this.skipSpace();
    this.positions?.set(pathKey(this.path), this.at);
    const char = this.text[this.at];
    if (char === '{' || char === '[') {
      if (++this.depth > MAX_NESTING_DEPTH) this.fail(`values are nested more than ${MAX_NESTING_DEPTH} levels deep`);
      const value = char === '{' ? this.parseObject() : this.parseArray();
      this.depth--;
      return value;
    }
    if (char === '"') return this.parseString();
    for (const [word, value] of LITERALS) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return value;
      }
    }
    NUMBER.lastIndex = this.at;
    const number = NUMBER.exec(this.text);
    if (number !== null) {
      this.at += number[0].length;
      return Number(number[0]);
    }
    return this.fail(char === undefined ? 'the file ends where a value was expected' : `expected a value, found "${char}"`);
  }

  private parseObject(): Record<string, unknown> {
    // Entries first, then one object: `Object.fromEntries` keeps a "__proto__" key as data.
    const entries: [string, unknown][] = [];
    const seen = new Map<string, number>();
    this.at++;
    if (this.peek() === '}') return this.close(Object.fromEntries(entries));
    for (;;) {
      if (this.peek() !== '"') this.fail('expected a quoted key');
      const keyAt = this.at;
      const key = this.parseString();
      const first = seen.get(key);
      if (first !== undefined) {
        this.at = keyAt;
        this.fail(`the key "${shorten(key)}" is written twice in the same object (first at line ${this.lineAt(first)})`);
      }
      seen.set(key, keyAt);
      if (this.peek() !== ':') this.fail(`expected ":" after the key "${shorten(key)}"`);
      this.at++;
      this.path.push(key);
      entries.push([key, this.parseValue()]);
      this.path.pop();
      const next = this.peek();
      if (next === '}') return this.close(Object.fromEntries(entries));
      if (next !== ',') this.fail('expected "," or "}" after a value');
      this.at++;
    }
  }

  private parseArray(): unknown[] {
    const result: unknown[] = [];
    this.at++;
    if (this.peek() === ']') return this.close(result);
    for (;;) {
      this.path.push(result.length);
      result.push(this.parseValue());
      this.path.pop();
      const next = this.peek();
      if (next === ']') return this.close(result);
      if (next !== ',') this.fail('expected "," or "]" after a value');
      this.at++;
    }
  }

  private parseString(): string {
    STRING.lastIndex = this.at;
    const match = STRING.exec(this.text);
    if (match === null) return this.fail('a string is not closed on its line');
    this.at += match[0].length;
    const raw = match[0];
    if (!raw.includes('\\')) return raw.slice(1, -1);
    try {
      return JSON.parse(raw) as string;
    } catch {
      return this.fail('a string holds an invalid escape or control character');
    }
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
    for (;;) {
      const code = this.text.charCodeAt(this.at);
      if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) return;
      this.at++;
    }
  }

  private lineAt(offset: number): number {
    let line = 1;
    for (let index = this.text.indexOf('\n'); index !== -1 && index < offset; index = this.text.indexOf('\n', index + 1)) line++;
    return line;
  }

  private tooMany(): never {
    throw new InputError(`${this.file} holds more than ${this.maxValues.toLocaleString('en-US')} JSON values, the most that is read`, {
      file: this.file,
      line: this.lineAt(this.at),
      hint: 'a metrics or results file this large is not judged; keep fewer metrics or samples in it',
    });
  }

  private fail(message: string): never {
    const line = this.lineAt(this.at);
    const column = this.at - this.text.lastIndexOf('\n', this.at - 1);
    throw new InputError(`${this.file} is not valid JSON: ${message}`, { file: this.file, line, column });
  }
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
