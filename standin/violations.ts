// Human-readable contract violations for test failures: which request, which operation, and
// for schema failures the instance path and the schema path that rejected it.
import type { Violation } from './core.js';

export function formatViolations(violations: readonly Violation[]): string {
  const lines = violations.map((v) => {
    const head = `${v.method} ${v.path}${v.operationId ? ` (${v.operationId})` : ''} -> ${v.status}: ${v.message}`;
    const issues = v.issues.map((i) => `    ${i.location} ${i.message} [schema ${i.schemaPath}]`);
    return [`  - ${head}`, ...issues].join('\n');
  });
  return `GitHub stand-in recorded ${violations.length} contract violation(s):\n${lines.join('\n')}`;
}
