import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Report } from '../report/model.js';
import { renderJson } from '../report/render-json.js';

/** Where the JSON report goes: RUNNER_TEMP (cleaned by the runner after the job), else the OS temp folder. */
export function reportPath(runnerTemp: string | undefined): string {
  return path.join(runnerTemp ?? tmpdir(), 'ml-guardrails', 'report.json');
}

/**
 * Writes the report (or, when evaluation failed, `{ verdict: "error", error }`) and returns its
 * path. `redact` masks secrets in the serialized text: a masked string stays a valid JSON string.
 */
export function writeReportFile(
  file: string,
  report: Report | { verdict: 'error'; error: string; rules: [] },
  redact: (text: string) => string = (text) => text,
): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, redact('base' in report ? renderJson(report) : `${JSON.stringify(report, null, 2)}\n`));
  return file;
}
