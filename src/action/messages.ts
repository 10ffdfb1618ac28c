import { escape } from '../report/render-markdown.js';
import type { EventTarget, RunnerContext } from './event.js';

/** What the summary, the check run and the comment say when the rules could not run at all. */
export function renderErrorMarkdown(message: string): string {
  return [
    '### 🛑 ML Guardrails could not be evaluated',
    '',
    // Messages name files from the pull request: escape them like any repository text.
    `> ${escape(message)}`,
    '',
    'Fix the problem above and push again; no rule was checked, so nothing passed.',
    '',
  ].join('\n');
}

/** A last line linking the workflow run, so a reader of the comment can find the logs. */
export function withFooter(markdown: string, context: RunnerContext, target: EventTarget): string {
  const run = context.runUrl ? `[workflow run](${context.runUrl})` : 'GitHub Actions';
  return `${markdown}\n<sub>ml-guardrails · ${run} · head \`${target.headSha.slice(0, 7)}\`</sub>\n`;
}
