import type { Annotation } from '../github/annotations.js';
import type { ActionHost } from './host.js';

/** GitHub shows at most 10 annotations of each level per step; the rest would be dropped silently. */
export const WORKFLOW_ANNOTATIONS_PER_LEVEL = 10;

/**
 * Annotations as workflow commands (::error file=..,line=..::), which need no token permission,
 * so a fork's pull request still gets them on the offending lines.
 */
export function emitWorkflowAnnotations(host: ActionHost, annotations: Annotation[]): void {
  const shown = { failure: 0, warning: 0, notice: 0 };
  let dropped = 0;
  for (const a of annotations) {
    if (shown[a.annotation_level] >= WORKFLOW_ANNOTATIONS_PER_LEVEL) {
      dropped += 1;
      continue;
    }
    shown[a.annotation_level] += 1;
    const place = { title: a.title, file: a.path, startLine: a.start_line, endLine: a.end_line };
    if (a.annotation_level === 'failure') host.error(a.message, place);
    else if (a.annotation_level === 'warning') host.warning(a.message, place);
    else host.notice(a.message, place);
  }
  if (dropped > 0)
    host.info(
      `${dropped} more findings are listed in the job summary and the check run (GitHub shows ${WORKFLOW_ANNOTATIONS_PER_LEVEL} annotations per level and step).`,
    );
}
