/**
 * Removes every secret the process knows from text it is about to write anywhere: report
 * text, the PR comment, the check run, annotations, the job summary, the JSON report, logs.
 * A repository file read as data can hold the checkout's token in any of the forms git and
 * actions/checkout write it in, so each secret is registered with its derived forms too.
 * Door-neutral: the doors register what they hold (the token, the runner's masks).
 */
export const REDACTED = '***';

/** Shorter values would blank ordinary words: the runner does not mask them either. */
const MIN_SECRET_LENGTH = 4;

export class SecretRedactor {
  private readonly forms = new Set<string>();
  private pattern: RegExp | null = null;

  /**
   * A secret (a token, or what the runner's `::add-mask::` registered) and every form it is
   * written in: itself, URL-encoded, JSON-escaped, base64-encoded at each of the three
   * alignments it can have inside a longer base64 text (as the Actions runner's own masker
   * does), and as git credentials: actions/checkout writes `http.<url>.extraheader =
   * AUTHORIZATION: basic base64(x-access-token:TOKEN)`, clone URLs carry `x-access-token:TOKEN@`.
   */
  add(secret: string): this {
    if (secret.length < MIN_SECRET_LENGTH) return this;
    const sizeBefore = this.forms.size;
    for (const text of [secret, `x-access-token:${secret}`]) {
      this.forms.add(text);
      this.forms.add(encodeURIComponent(text));
      this.forms.add(JSON.stringify(text).slice(1, -1));
      for (const form of base64Forms(text)) this.forms.add(form);
    }
    if (this.forms.size !== sizeBefore) this.pattern = null;
    return this;
  }

  /** Every registered form, for a door that masks too (the runner's `core.setSecret`). */
  secrets(): string[] {
    return [...this.forms];
  }

  /** The text with every registered form replaced by `***`. */
  redactText(text: string): string {
    const pattern = this.compile();
    return pattern === null ? text : text.replace(pattern, REDACTED);
  }

  /** A copy of a plain-data value (a Report) with every string in it, keys included, redacted. */
  redactReport<T>(report: T): T {
    return this.redactValue(report) as T;
  }

  private redactValue(value: unknown): unknown {
    if (typeof value === 'string') return this.redactText(value);
    if (Array.isArray(value)) return value.map((item) => this.redactValue(item));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value).map(([key, item]) => [this.redactText(key), this.redactValue(item)]);
    return Object.fromEntries(entries);
  }

  private compile(): RegExp | null {
    if (this.pattern === null && this.forms.size > 0) {
      // Longest first, so a secret's base64 form is replaced whole, not around a shorter form.
      const sorted = [...this.forms].filter((form) => form.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
      this.pattern = new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
    }
    return this.pattern;
  }
}

/**
 * The base64 text a secret always produces, wherever it starts in a longer input: for each
 * offset 0, 1, 2 within a 3-byte group, the characters that depend only on the secret's bytes.
 * The whole encoding of the secret alone (with padding) is added too.
 */
function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms = [bytes.toString('base64'), bytes.toString('base64url')];
  for (let offset = 0; offset < 3; offset++) {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
    const encoded = padded.toString('base64').replace(/=+$/, '');
    const start = offset === 0 ? 0 : 4; // the first group mixes in bytes before the secret
    const whole = Math.floor(padded.length / 3) * 4; // a last partial group mixes in bytes after it
    const middle = encoded.slice(start, whole);
    if (middle.length >= 8) forms.push(middle);
  }
  return forms;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
