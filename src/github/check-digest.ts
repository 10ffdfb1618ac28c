import { blockingRules, verdictTitle } from '../report/headline.js';
import { codeSpan, escapeMarkdown } from '../report/markdown-text.js';
import type { Report } from '../report/model.js';

/** Room the digest may take at the top of a cut summary: the verdict and a few hundred rule ids. */
export const DIGEST_BUDGET = 12_000;
const ICON = { pass: '✅', fail: '❌', error: '🛑' } as const;

/**
 * What a summary too long for GitHub keeps first: the verdict and the ids of the rules that block
 * the merge, as many as fit in `budget` characters, then how many more there are.
 */
export function renderDigest(report: Report, budget = DIGEST_BUDGET): string {
  const head = `### ${ICON[report.verdict]} ML Guardrails: ${escapeMarkdown(verdictTitle(report))}\n`;
  const blocking = blockingRules(report);
  if (blocking.length === 0) return head;
  const lead = `\n**${blocking.length} blocking rule${blocking.length === 1 ? '' : 's'}:** `;
  const ids: string[] = [];
  // Leave room for the "and N more" tail (at most ~25 characters).
  let room = budget - head.length - lead.length - 40;
  for (const rule of blocking) {
    const id = codeSpan(rule.id, { max: 40 });
    if (id.length + 2 > room) break;
    ids.push(id);
    room -= id.length + 2;
  }
  const rest = blocking.length - ids.length;
  const tail = rest > 0 ? `, and ${rest.toLocaleString('en-US')} more` : '';
  return `${head}${lead}${ids.join(', ')}${tail}.\n`;
}
