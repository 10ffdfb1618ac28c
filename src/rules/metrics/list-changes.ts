import { type Finding, finding } from '../../report/model.js';
import type { MetricTable } from './metric-table.js';

const NAMES_IN_MESSAGE = 10;

/**
 * Metrics that appear or disappear between the baseline and the head, whether a rule checks
 * them or not: a vanished metric is how a guardrail quietly stops guarding. These findings
 * are informational (`pass`, checks `metrics.added` / `metrics.removed`): renaming a metric
 * is a normal change, and a rule that names a removed metric already fails on its own.
 * Only numeric values count; strings such as a model name or a URL are not metrics.
 */
export function listChanges(head: MetricTable, baseline: MetricTable, file: string, where: string): Finding[] {
  const added = numericKeys(head).filter((key) => !hasNumber(baseline, key));
  const removed = numericKeys(baseline).filter((key) => !hasNumber(head, key));
  const findings: Finding[] = [];
  if (added.length > 0) findings.push(changeFinding('metrics.added', added, `added to ${file} since the baseline ${where}`, file));
  if (removed.length > 0)
    findings.push(changeFinding('metrics.removed', removed, `removed from ${file} since the baseline ${where}`, file));
  return findings;
}

function changeFinding(check: string, keys: string[], what: string, file: string): Finding {
  const shown = keys.slice(0, NAMES_IN_MESSAGE).join(', ');
  const more = keys.length > NAMES_IN_MESSAGE ? ` and ${keys.length - NAMES_IN_MESSAGE} more` : '';
  const noun = keys.length === 1 ? 'metric' : 'metrics';
  return finding({
    check,
    status: 'pass',
    message: `${keys.length} ${noun} ${what}: ${shown}${more}`,
    observed: keys.length,
    file,
    samples: keys,
  });
}

function numericKeys(table: MetricTable): string[] {
  return [...table.entries.values()].filter((entry) => entry.value.kind === 'number').map((entry) => entry.key);
}

function hasNumber(table: MetricTable, key: string): boolean {
  return table.entries.get(key)?.value.kind === 'number';
}
