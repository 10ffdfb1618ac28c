/**
 * A seeded generator (mulberry32): a failing case is reproduced by its seed alone, with no
 * dependency. Every helper draws from the same stream, so one seed fixes a whole case.
 */
export class Random {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** A name: mostly tame, sometimes one an attacker would write. */
  name(): string {
    if (this.chance(0.8)) return this.pick(NAMES) + (this.chance(0.3) ? `_${this.int(0, 9)}` : '');
    return this.pick(HOSTILE_TEXT);
  }

  /** A number, including the values that break naive comparisons. */
  number(): number {
    if (this.chance(0.7)) return Math.round(this.next() * 1000) / 1000;
    return this.pick(EDGE_NUMBERS);
  }

  /** A scalar as it can appear in a metrics file or a data row. */
  scalar(): unknown {
    const roll = this.next();
    if (roll < 0.6) return this.number();
    if (roll < 0.75) return this.pick(HOSTILE_TEXT);
    if (roll < 0.85) return this.pick([true, false, null]);
    return this.name();
  }

  /** Text with a few characters dropped, repeated or swapped in: malformed input. */
  mutate(text: string): string {
    let out = text;
    for (let i = this.int(1, 4); i > 0 && out.length > 0; i--) {
      const at = this.int(0, out.length - 1);
      const op = this.int(0, 3);
      if (op === 0) out = out.slice(0, at) + out.slice(at + 1);
      else if (op === 1) out = out.slice(0, at) + this.pick(GLITCHES) + out.slice(at);
      else if (op === 2) out = out.slice(0, at) + out.slice(at, at + this.int(1, 20)).repeat(this.int(2, 5)) + out.slice(at);
      else out = out.slice(0, at);
    }
    return out;
  }
}

const NAMES = ['accuracy', 'f1', 'loss', 'auc', 'precision', 'recall', 'latency', 'age', 'label', 'id', 'score', 'slices'];
const EDGE_NUMBERS = [0, -0, 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER, 2 ** 53 + 1, -1, 0.1 + 0.2, 1e-15];
const GLITCHES = ['"', "'", ':', '\n', '\t', '{', '}', '[', ']', ',', '&a', '*a', '!!', '---', '\\', '\u0000', '#', '- ', '  '];

export const HOSTILE_TEXT = [
  '',
  ' ',
  'NaN',
  'nan',
  '-inf',
  'Infinity',
  '1e999',
  '0x1F',
  '"quoted"',
  "it's",
  'a,b',
  'line\nbreak',
  '[link](https://evil.example)',
  '![img](https://evil.example/x.png)',
  '<!-- ml-guardrails:report -->',
  '<script>alert(1)</script>',
  '| a | b |',
  '../../etc/passwd',
  '.git/config',
  '__proto__',
  'constructor',
  'ümlaut ✓ 🚀',
  '\u202ereversed',
  'x'.repeat(300),
  "'; DROP TABLE data; --",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: an expression a workflow would expand, written on purpose
  '${{ secrets.GITHUB_TOKEN }}',
];
