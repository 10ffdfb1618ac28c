// Where docs/reading-the-report.md keeps its sample comment, and how it is compared.
import path from 'node:path';

export const DOCS_PAGE = path.resolve(import.meta.dirname, '../../docs/reading-the-report.md');
const START = '<!-- sample:start -->';
const END = '<!-- sample:end -->';

/** The comment shown between the page's sample markers (inside a ````markdown fence). */
export function readDocsSample(page: string): string | null {
  const inner = page.split(START)[1]?.split(END)[0];
  return /^\n````markdown\n([\s\S]*)````\n$/.exec(inner ?? '')?.[1] ?? null;
}

export function replaceDocsSample(page: string, markdown: string): string {
  const [before, rest] = page.split(START);
  const after = rest?.split(END)[1];
  if (before === undefined || after === undefined) throw new Error(`${DOCS_PAGE} has no ${START} … ${END} markers`);
  return `${before}${START}\n\`\`\`\`markdown\n${markdown}\`\`\`\`\n${END}${after}`;
}

/** Commits and versions change on every build of the sample; the words and numbers must not. */
export function normalizeSample(markdown: string): string {
  return markdown.replace(/\b[0-9a-f]{7,40}\b/g, 'SHA').replace(/ml-guardrails \d+\.\d+\.\d+\S*/g, 'ml-guardrails VERSION');
}
