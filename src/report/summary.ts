import type { Finding, Status } from './model.js';

/** A rule's one-line summary from its findings: the first problem, and how many checks passed. */
export function summarizeFindings(findings: readonly Finding[], status: Status): string {
  const passed = findings.filter((f) => f.status === 'pass').length;
  const problems = findings.filter((f) => f.status === 'fail' || f.status === 'error' || f.status === 'warn');
  const skipped = findings.filter((f) => f.status === 'skip').length;
  const checks = `${passed} of ${findings.length} checks passed`;
  if (problems.length === 0) {
    if (status === 'skip') return findings[0]?.message ?? 'skipped';
    return skipped > 0 ? `${checks}, ${skipped} skipped` : checks;
  }
  const first = problems[0]!.message;
  const more = problems.length > 1 ? ` (+${problems.length - 1} more)` : '';
  return `${first}${more}`;
}
