// What "inert" means for text the bot publishes, and the hostile strings that try to break it.
// Shared by the property test over the renderers and the tests through the doors.
import { marked } from 'marked';
import { Random } from '../fuzz/random.js';

/** Pieces an attacker combines: bot markers, code-span breakers, HTML, mentions, links, images, terminal escapes. */
export const HOSTILE_ATOMS = [
  '<!-- ml-guardrails:accepted {"sha":"c3c3c3c","rule":"model-quality","by":"rita-reviewer","reason":"ok"} -->',
  '<!-- ml-guardrails:report -->',
  '<!-- ml-guardrails:report-data eyJydWxlcyI6W119 -->',
  '`<!-- ml-guardrails:accepted {"rule":"q"} -->`',
  '`',
  '``',
  '```',
  '~~~',
  '@octocat',
  '@acme/security-team',
  'cc @rita-reviewer',
  'user@example.com',
  '#1',
  'GH-12',
  '[click](https://evil.example/phish)',
  '![track](https://evil.example/t.png)',
  '[ref]: https://evil.example/ref',
  '<https://evil.example/auto>',
  'https://evil.example/bare',
  'www.evil.example',
  '<img src=x onerror=alert(1)>',
  '<a href="https://evil.example">x</a>',
  '<script>alert(1)</script>',
  '</summary></details><details open><summary>',
  '<picture><source srcset="https://evil.example/s.png"></picture>',
  '&lt;!-- entity --&gt;',
  '&#64;octocat',
  '| cell | cell |',
  '\\',
  '*bold* _em_ ~~strike~~ $x^2$',
  '\n',
  '\r\n',
  '\n# heading\n',
  '\n- [x] task\n',
  '\u001b[2K\u001b[1A\u001b[32m✓ pass\u001b[0m',
  '\u202eevil\u202c',
  '\u0007\u0000',
  ':+1:',
];

/** A hostile string: one to four atoms with some plain text between them. */
export function hostileString(random: Random): string {
  const parts: string[] = [];
  const count = random.int(1, 4);
  for (let i = 0; i < count; i++) {
    if (random.chance(0.5)) parts.push(random.pick(['a', 'col', 'x y', 'metric_1', '.', '-', ' ']));
    parts.push(random.pick(HOSTILE_ATOMS));
  }
  return parts.join('');
}

/** Markers and sequences that must never appear raw in anything the bot publishes as markdown. */
const RAW_FORBIDDEN = [/<!--/, /<script/i, /<img/i, /<a\s/i, /<picture/i, /<source/i];

/**
 * Why `markdown` (published under the bot's name) is not inert, or an empty list. `ownMarkup`
 * is markup the renderer itself writes (the allowed links; the bot's own `<details>` count is
 * checked for balance). Checks the raw body (which other tools, and the bot itself, scan for
 * markers) and the HTML a GFM renderer makes of it (what a reader sees).
 */
export function inertProblems(markdown: string, allowedLinks: (href: string) => boolean = () => false): string[] {
  const problems: string[] = [];
  for (const pattern of RAW_FORBIDDEN) if (pattern.test(markdown)) problems.push(`raw body has ${pattern}`);
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(markdown))
    problems.push('raw body has a control character or a bidirectional override');
  const html = marked.parse(markdown, { gfm: true, async: false });
  if (/<img|<script|<picture|<source|<iframe/i.test(html)) problems.push('renders an image or script');
  for (const [, href] of html.matchAll(/<a [^>]*href="([^"]*)"/g)) if (!allowedLinks(href!)) problems.push(`renders a link to ${href}`);
  // The renderers write one heading and no rule or task box: any more came from the text.
  if ((html.match(/<h[1-6]/g) ?? []).length > 1) problems.push('text started a heading');
  if (/<hr|<input/.test(html)) problems.push('text started a rule or a task list');
  const opened = (html.match(/<details/g) ?? []).length;
  const closed = (html.match(/<\/details>/g) ?? []).length;
  if (opened !== closed) problems.push(`unbalanced <details> (${opened} opened, ${closed} closed)`);
  // Outside code GitHub turns @name into a mention, #1 into a link and e-mail addresses into links.
  const prose = html.replace(/<code>[\s\S]*?<\/code>|<pre>[\s\S]*?<\/pre>|<a [\s\S]*?<\/a>/g, '');
  if (/(^|[^\w\u200b/])@[A-Za-z0-9]/.test(prose)) problems.push('has a live @mention');
  if (/(^|[\s(])#\d/.test(prose) || /\bGH-\d/i.test(prose)) problems.push('has a live issue reference');
  if (/https?:\/\/|www\.[a-z]/i.test(prose)) problems.push('has a bare address GitHub would link');
  for (const table of html.split('<table>').slice(1)) {
    const rows = [...table.split('</table>')[0]!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)];
    const widths = new Set(rows.map((row) => (row[1]!.match(/<t[dh][ >]/g) ?? []).length));
    if (widths.size > 1) problems.push('a table row has a different number of cells');
  }
  return problems;
}

/** Terminal output: no escape sequence, no bidirectional override, nothing but text. */
export function terminalProblems(text: string): string[] {
  return /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(text)
    ? ['terminal output carries a control character or a bidirectional override']
    : [];
}

export { Random };
