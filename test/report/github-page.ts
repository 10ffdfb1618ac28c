// Markdown rendered the way GitHub shows a comment: a GFM renderer (marked) with GitHub's own
// stylesheet (github-markdown-css) in an 880 px column, in Debian's headless Chromium driven by
// playwright-core. Mermaid blocks are parsed by mermaid's browser bundle in the same page.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { marked } from 'marked';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { COLUMN_PX, COMMENT_CSS, GITHUB_CSS, MERMAID_BUNDLE } from './comment-page.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const SCREENSHOTS = path.join(ROOT, '.cache', 'comment-screenshots');

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Runs in the page (this project's TypeScript has no DOM types, so it is plain JavaScript).
const IN_PAGE = `
function measureComment() {
  const body = document.querySelector('article').getBoundingClientRect();
  const fold = document.querySelector('article details');
  const tables = [...document.querySelectorAll('article table')].map((t) => ({ scrollWidth: t.scrollWidth, clientWidth: t.clientWidth }));
  return { beforeFirstFold: (fold === null ? body.bottom : fold.getBoundingClientRect().top) - body.top, tables };
}
function openFolds() {
  for (const d of document.querySelectorAll('article details')) d.setAttribute('open', '');
}
// Each block parsed by mermaid, then drawn in place so the open screenshot shows the charts.
async function checkMermaid(sources) {
  mermaid.initialize({ startOnLoad: false });
  const codes = [...document.querySelectorAll('code.language-mermaid')];
  const verdicts = [];
  for (const [i, source] of sources.entries()) {
    try {
      await mermaid.parse(source);
      const { svg } = await mermaid.render('chart' + i, source);
      const pre = codes[i] && codes[i].parentElement;
      if (pre) pre.outerHTML = '<div>' + svg + '</div>';
      verdicts.push(null);
    } catch (error) {
      verdicts.push(String(error));
    }
  }
  return verdicts;
}
`;

export interface Layout {
  /** Height from the top of the comment to its first `<details>` (the whole comment if none). */
  beforeFirstFold: number;
  /** Each table's rendered width and the width it may take; wider tables scroll sideways. */
  tables: { scrollWidth: number; clientWidth: number }[];
  /** Mermaid's verdict on each ```mermaid block: null when it parses, else the error. */
  mermaid: (string | null)[];
  html: string;
}

/** What a person sees on a written page once its scripts have run. */
export interface PageView {
  articles: number;
  tables: number;
  /** Mermaid charts drawn as SVG. */
  charts: number;
  text: string;
  errors: string[];
}

export class GitHubPage {
  private constructor(
    private readonly context: BrowserContext,
    private readonly page: Page,
    private readonly profile: string,
  ) {}

  static async open(): Promise<GitHubPage> {
    const profile = mkdtempSync(path.join(os.tmpdir(), 'mlg-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: FLAGS,
      viewport: { width: COLUMN_PX + 40, height: 1000 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    return new GitHubPage(context, page, profile);
  }

  /** Renders `markdown`, measures it, and writes `<name>.png` (as posted) and `<name>-open.png`. */
  async render(markdown: string, name: string): Promise<Layout> {
    const html = await marked.parse(markdown, { gfm: true });
    await this.page.setContent(
      `<!doctype html><html><head><meta charset="utf-8"><style>${GITHUB_CSS}</style><style>${COMMENT_CSS}</style>` +
        `</head><body><article class="markdown-body">${html}</article></body></html>`,
    );
    await this.page.addScriptTag({ content: IN_PAGE });
    const { beforeFirstFold, tables } = (await this.page.evaluate('measureComment()')) as Pick<Layout, 'beforeFirstFold' | 'tables'>;
    mkdirSync(SCREENSHOTS, { recursive: true });
    await this.page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
    const blocks = [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
    let mermaid: (string | null)[] = [];
    if (blocks.length > 0) {
      await this.page.addScriptTag({ path: MERMAID_BUNDLE });
      mermaid = (await this.page.evaluate(`checkMermaid(${JSON.stringify(blocks)})`)) as (string | null)[];
    }
    await this.page.evaluate('openFolds()');
    await this.page.screenshot({ path: path.join(SCREENSHOTS, `${name}-open.png`), fullPage: true });
    return { beforeFirstFold, tables, mermaid, html };
  }

  /**
   * Opens a page written to `file` (comment-page.ts), waits until its charts are drawn, and
   * writes `<name>.png`. Errors are the page's own and the console's (a script the page's
   * Content-Security-Policy refused shows there).
   */
  async view(file: string, name: string): Promise<PageView> {
    const errors: string[] = [];
    const onError = (error: Error) => errors.push(error.message);
    const onConsole = (message: { type(): string; text(): string }) => {
      if (message.type() === 'error') errors.push(message.text());
    };
    this.page.on('pageerror', onError);
    this.page.on('console', onConsole);
    try {
      await this.page.goto(pathToFileURL(file).href);
      await this.page.waitForSelector('body[data-charts="drawn"]', { timeout: 30_000 });
      const view = (await this.page.evaluate(`({
        articles: document.querySelectorAll('article').length,
        tables: document.querySelectorAll('article table').length,
        charts: document.querySelectorAll('article .chart svg').length,
        text: document.body.innerText,
      })`)) as Omit<PageView, 'errors'>;
      mkdirSync(SCREENSHOTS, { recursive: true });
      await this.page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
      return { ...view, errors };
    } finally {
      this.page.off('pageerror', onError);
      this.page.off('console', onConsole);
    }
  }

  async close(): Promise<void> {
    await this.context.close();
    rmSync(this.profile, { recursive: true, force: true });
  }
}
