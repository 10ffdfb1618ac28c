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
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\u200b.`);
}

/**
 * Plain text inside a markdown line or table cell: the punctuation that can start inline markup
 * (links, images, emphasis, code, math, table borders) is backslash-escaped, which CommonMark
 * shows as itself; HTML is entity-escaped; newlines become spaces. Block markers (`#`, `-`)
 * need nothing: the text never starts a line.
 */
export function escapeMarkdown(text: string): string {
  const flat = text.replace(/\r?\n|\r/g, ' ');
  const escaped = flat
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replace(/[\\`*_[\]!|~$]/g, (c) => `\\${c}`);
  return defuseReferences(escaped);
}

/** Text inside raw HTML (a `<summary>`), where markdown is not parsed. */
export function escapeHtml(text: string): string {
  const escaped = text
    .replace(/\r?\n|\r/g, ' ')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
  return defuseReferences(escaped);
}

/**
 * A repository name as inline code. Backticks cannot be escaped inside a code span, so they
 * become quotes; in a table cell a pipe needs `\|` even inside code.
 */
export function codeSpan(text: string, options: { table?: boolean; max?: number } = {}): string {
  const inner = shorten(text, options.max ?? NAME_LIMIT)
    .replace(/\r?\n|\r/g, ' ')
    .replaceAll('`', "'");
  return `\`${options.table ? inner.replaceAll('|', '\\|') : inner}\``;
}

/**
 * An engine sentence that quotes repository names in backticks (`` `species` null ``): the code
 * spans stay code (inert by nature), everything between them is escaped. A backtick smuggled
 * into a name only moves the border between the two, and both sides are inert.
 */
export function escapeMessage(text: string, options: { table?: boolean; max?: number } = {}): string {
  const parts = shorten(text, options.max ?? MESSAGE_LIMIT).split('`');
  // An even number of parts means one backtick has no partner: it and what follows are text.
  const unmatched = parts.length % 2 === 0 ? parts.length - 1 : -1;
  return parts
    .map((part, i) => {
      if (i === unmatched) return `\\\`${escapeMarkdown(part)}`;
      if (i % 2 === 0) return escapeMarkdown(part);
      const inner = part.replace(/\r?\n|\r/g, ' ');
      return `\`${options.table ? inner.replaceAll('|', '\\|') : inner}\``;
    })
    .join('');
}
