// A PR comment as GitHub shows it, as one self-contained HTML file a person opens in any
// browser: marked (GFM) with GitHub's stylesheet in its 880 px column, and mermaid's browser
// bundle inlined to draw the charts on load. The demo writes it; test/demo checks it in Chromium.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { marked } from 'marked';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const GITHUB_CSS = readFileSync(path.join(ROOT, 'node_modules/github-markdown-css/github-markdown-light.css'), 'utf8');
export const MERMAID_BUNDLE = path.join(ROOT, 'node_modules/mermaid/dist/mermaid.min.js');
/** GitHub's conversation column; a comment's body has 16 px of padding inside it. */
export const COLUMN_PX = 880;
export const COMMENT_CSS = `body{margin:0;padding:20px;background:#fff}.markdown-body{box-sizing:border-box;width:${COLUMN_PX}px;padding:16px;border:1px solid #d1d9e0;border-radius:6px}`;

// Draws each ```mermaid block in place as GitHub does, then marks the body so a reader (or a
// test) knows the page is complete. A chart that does not parse keeps its source and says why.
const DRAW_CHARTS = `(async () => {
  mermaid.initialize({ startOnLoad: false });
  const codes = [...document.querySelectorAll('code.language-mermaid')];
  for (const [i, code] of codes.entries()) {
    try {
      const { svg } = await mermaid.render('chart' + i, code.textContent);
      const chart = document.createElement('div');
      chart.className = 'chart';
      chart.innerHTML = svg;
      code.parentElement.replaceWith(chart);
    } catch (error) {
      code.parentElement.insertAdjacentText('afterend', 'mermaid: ' + String(error));
    }
  }
  document.body.dataset.charts = 'drawn';
})();`;

const PAGE_CSS = `header{width:${COLUMN_PX}px;margin:24px 0 8px;font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",sans-serif;color:#59636e}
header strong{color:#1f2328}h1{font:600 20px/1.4 -apple-system,BlinkMacSystemFont,"Segoe UI",sans-serif;width:${COLUMN_PX}px;margin:0}`;

/** One comment on the page: who posted it, a line on the check run beside it, and its markdown. */
export interface PageComment {
  author: string;
  note: string;
  markdown: string;
}

/** The page: a title, then each comment under a GitHub-like header line. */
export async function renderCommentPage(title: string, comments: PageComment[]): Promise<string> {
  const bundle = readFileSync(MERMAID_BUNDLE, 'utf8');
  // Inlined as it is: a script tag inside it would end or re-open the script element early.
  if (/<\/?script/i.test(bundle)) throw new Error(`${MERMAID_BUNDLE}: contains a script tag; it cannot be inlined in a page`);
  const articles = await Promise.all(
    comments.map(
      async (c) =>
        `<header><strong>${escapeHtml(c.author)}</strong> commented · ${escapeHtml(c.note)}</header>` +
        `<article class="markdown-body">${await marked.parse(c.markdown, { gfm: true })}</article>`,
    ),
  );
  // Only these two scripts run (as on GitHub, where a comment's own markup never runs a script).
  const csp = `default-src 'none'; script-src ${[bundle, DRAW_CHARTS].map(scriptHash).join(' ')}; style-src 'unsafe-inline'; img-src data:; font-src data:`;
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${GITHUB_CSS}</style><style>${COMMENT_CSS}\n${PAGE_CSS}</style>`,
    `</head><body><h1>${escapeHtml(title)}</h1>`,
    ...articles,
    `<script>${bundle}</script><script>${DRAW_CHARTS}</script>`,
    '</body></html>\n',
  ].join('\n');
}

function scriptHash(script: string): string {
  return `'sha256-${createHash('sha256').update(script).digest('base64')}'`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
