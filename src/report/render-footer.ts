/**
 * The comment's last line, the same from every door: which rule file and which version of the
 * tool decided, where the run is (a workflow run, the App), the head commit, and how to read it.
 */
import { codeSpan, escapeMarkdown, shorten } from './markdown-text.js';
import { shortSha } from './values.js';

/** The page that explains the report: what it says and what to do next. */
export const READING_THE_REPORT_URL = 'https://github.com/ml-guardrails/ml-guardrails/blob/main/docs/reading-the-report.md';

export interface FooterInfo {
  /** The rule file that governed, repository-relative. */
  ruleFile: string;
  toolVersion?: string | undefined;
  /** Where the run can be seen: `{ label: 'workflow run', url }` from the Action, the App's page. */
  run?: { label: string; url: string } | undefined;
  headSha: string | null;
}

export function renderFooter(info: FooterInfo): string {
  const parts = [
    `rules from ${codeSpan(info.ruleFile)}`,
    info.toolVersion === undefined ? 'ml-guardrails' : `ml-guardrails ${escapeMarkdown(info.toolVersion)}`,
  ];
  const url = info.run === undefined ? null : safeUrl(info.run.url);
  if (info.run !== undefined) {
    // Brackets are dropped from the label: escaped ones still end a link's text in some renderers.
    const label = escapeMarkdown(shorten(info.run.label.replace(/[[\]]/g, ''), 40));
    parts.push(url === null ? label : `[${label}](${url})`);
  }
  if (info.headSha !== null) parts.push(`head ${codeSpan(shortSha(info.headSha))}`);
  parts.push(`[reading this report](${READING_THE_REPORT_URL})`);
  return `<sub>${parts.join(' · ')}</sub>`;
}

/** Only http(s) links, with what would end a markdown link destination, and anything not plain ASCII, encoded. */
function safeUrl(url: string): string | null {
  if (!/^https?:\/\/[^\s]+$/.test(url)) return null;
  return url.replace(/[()<>"'\\`[\]]|[^\x21-\x7e]/gu, (c) =>
    c.length === 1 && c < '\x7f'
      ? `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`
      : encodeURIComponent(c.replace(/^[\uD800-\uDFFF]$/, '\uFFFD')),
  );
}
