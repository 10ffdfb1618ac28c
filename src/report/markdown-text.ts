/**
 * Repository text (column names, metric keys, file names, data values) is written by the pull
 * request's author: in every markdown output it must stay inert text. No link, image or HTML it
 * spells out may render, no @mention may notify anyone, no `#1` may cross-reference an issue,
 * and no pipe may break the table it sits in. Long names are shortened so that one 1 MB column
 * name cannot push the findings past GitHub's size limit.
 */

/** Names in tables and headings; messages and examples get a longer allowance. */
export const NAME_LIMIT = 60;
export const MESSAGE_LIMIT = 300;

/** `text` cut to `max` characters with an ellipsis, never splitting a surrogate pair. */
export function shorten(text: string, max = NAME_LIMIT): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/**
 * Defuses what GitHub links by itself: @mentions (and so e-mail addresses), `#123` / `GH-123`
 * references, and bare `https://` / `www.` addresses (GFM's autolinks).
 */
function defuseReferences(text: string): string {
  return text
    .replace(/([@#])(?=[A-Za-z0-9])/g, '$1\u200b')
    .replace(/\bGH-(?=\d)/gi, (m) => `${m.slice(0, 2)}\u200b-`)
    .replace(/:\/\//g, ':\u200b//')
    .replace(/www\./gi, (m) => `${m.slice(0, 3)}\u200b.`);
}

/**
 * Plain text inside a markdown line or table cell: the punctuation that can start inline markup
 * (links, images, emphasis, code, math, table borders) is backslash-escaped, which CommonMark
 * shows as itself; HTML is entity-escaped; newlines become spaces. Block markers (`#`, `-`)
 * need nothing: the text never starts a line.
 */
export function escapeMarkdown(text: string): string {
  const flat = withoutControls(text.replace(/\r?\n|\r/g, ' '));
  const escaped = flat
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replace(/[\\`*_[\]!|~$]/g, (c) => `\\${c}`);
  return defuseReferences(escaped);
}

/**
 * Control characters (a NUL, a terminal escape) and bidirectional overrides (which reorder what a
 * reviewer reads) have no business in a comment: each is shown as U+FFFD.
 */
function withoutControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '\ufffd');
}

/**
 * Escaped text placed at the start of a line (a quoted error message): a leading `#`, `-`, `+`,
 * `>`, `=` or `1.` would still start a heading, a list or a quote, so that character is escaped.
 */
export function atLineStart(escaped: string): string {
  return escaped
    .trimStart()
    .replace(/^[#>+\-=]/, '\\$&')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** Text inside raw HTML (a `<summary>`), where markdown is not parsed. */
export function escapeHtml(text: string): string {
  const escaped = withoutControls(text.replace(/\r?\n|\r/g, ' '))
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
  return defuseReferences(escaped);
}

/**
 * Inline code whose content is repository text. A backtick code span shows its content raw, so a
 * name holding `<!-- marker -->` would reach the comment's body verbatim: only text with nothing
 * that acts in a span's raw form (no backtick, `<`, `>`, `&`, pipe, control character) gets one;
 * anything else is a `<code>` element with escaped content, which GitHub shows the same way.
 */
const INERT_IN_SPAN = /^[^`<>&|\u0000-\u001f\u007f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+$/;

function codeElement(inner: string): string {
  if (INERT_IN_SPAN.test(inner) && inner.trim() !== '') return `\`${inner}\``;
  return `<code>${escapeMarkdown(inner)}</code>`;
}

/** A repository name as inline code, shortened (a table cell needs nothing more: pipes are escaped). */
export function codeSpan(text: string, options: { max?: number } = {}): string {
  return codeElement(shorten(text, options.max ?? NAME_LIMIT));
}

/**
 * An engine sentence that quotes repository names in backticks (`` `species` null ``): the quoted
 * names become code, everything between them is escaped. A backtick smuggled into a name only
 * moves the border between the two, and both sides are inert.
 */
export function escapeMessage(text: string, options: { max?: number } = {}): string {
  const parts = shorten(text, options.max ?? MESSAGE_LIMIT).split('`');
  // An even number of parts means one backtick has no partner: it and what follows are text.
  const unmatched = parts.length % 2 === 0 ? parts.length - 1 : -1;
  return parts
    .map((part, i) => {
      if (i === unmatched) return `\\\`${escapeMarkdown(part)}`;
      return i % 2 === 0 ? escapeMarkdown(part) : codeElement(part);
    })
    .join('');
}
