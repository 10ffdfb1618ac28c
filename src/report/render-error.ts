/**
 * The page every door shows when the rules could not run at all (a broken rule file, an
 * unreadable repository): the check run's summary, the job summary and the comment.
 */
import { atLineStart, escapeMessage } from './markdown-text.js';
import { type FooterInfo, renderFooter } from './render-footer.js';

/** The check run's title and the page's heading. */
export const ERROR_TITLE = 'ML Guardrails could not be evaluated';

/** Messages name files and values from the pull request: escaped like any repository text. */
export function renderErrorMarkdown(message: string, footer?: FooterInfo): string {
  const lines = [
    `### 🛑 ${ERROR_TITLE}`,
    '',
    ...message.split(/\r?\n/).map((line) => `> ${atLineStart(escapeMessage(line.trimStart(), { max: 2000 }))}`),
    '',
    'Fix the problem above and push again; no rule was checked, so nothing passed.',
  ];
  if (footer !== undefined) lines.push('', renderFooter(footer));
  return `${lines.join('\n')}\n`;
}
