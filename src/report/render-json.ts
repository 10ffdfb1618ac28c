import type { Report } from './model.js';

/** The JSON report: the shape documented in DESIGN.md (fields are only ever added). */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
