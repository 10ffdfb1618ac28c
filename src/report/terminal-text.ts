/**
 * Repository text on a terminal. An escape sequence in a column name could clear lines, move the
 * cursor or recolour a FAIL as a pass, and bidirectional overrides can reorder what a reader
 * sees: control characters are shown as `\u001b`-style escapes instead of being sent raw.
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function printable(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One line of repository text: printable, with line breaks shown as `\n`. */
export function printableLine(text: string): string {
  return printable(text).replace(/\r?\n/g, '\\n');
}
