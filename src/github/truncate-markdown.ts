/** GitHub's limit for a check run's summary and text, and for a comment body (characters). */
export const GITHUB_TEXT_LIMIT = 65_535;

/**
 * Cuts markdown to fit `limit` at a line boundary, closes what the cut left open (a code fence,
 * `<details>` blocks) so the rest of the page still renders, and says so. Where the full report
 * is depends on the door (a job summary, the App's check run): the caller says it in `note`.
 * GitHub counts characters; staying under the limit in UTF-16 code units is the safe side of it.
 */
export function truncateMarkdown(markdown: string, limit = GITHUB_TEXT_LIMIT, note?: string): string {
  if (markdown.length <= limit) return markdown;
  const where = note === undefined ? '' : `: ${note}`;
  const notice = `\n\n> ✂️ Truncated to fit GitHub's ${limit}-character limit${where}.\n`;
  // Room for the notice and for closing tags; each open <details> needs at most 11 characters.
  let room = limit - notice.length - 16;
  let cut = '';
  let closing = '';
  for (let attempt = 0; attempt < 8 && room > 0; attempt += 1) {
    const end = markdown.lastIndexOf('\n', room);
    cut = markdown.slice(0, end > 0 ? end : room);
    closing = closeOpenBlocks(cut);
    if (cut.length + closing.length + notice.length <= limit) break;
    room -= closing.length;
  }
  return `${cut}${closing}${notice}`;
}

function closeOpenBlocks(text: string): string {
  let inFence = false;
  let openDetails = 0;
  for (const line of text.split('\n')) {
    if (/^\s*```/.test(line)) inFence = !inFence;
    else if (!inFence) {
      openDetails += (line.match(/<details>/g) ?? []).length;
      openDetails -= (line.match(/<\/details>/g) ?? []).length;
    }
  }
  return `${inFence ? '\n```' : ''}${'\n</details>'.repeat(Math.max(openDetails, 0))}`;
}
