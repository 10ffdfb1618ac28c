import type { Finding, MetricHistoryPoint } from '../../report/model.js';
import type { RuleContext } from '../types.js';
import { withDvcOutputs } from './dvc-workspace.js';
import { loadMetrics, type MetricsFormat } from './load-metrics.js';

/** Commits of history shown under a failing metric: enough to see a trend, few enough to stay cheap. */
export const HISTORY_LENGTH = 10;

/**
 * For each failing metric, its value at the last commits of the baseline's first-parent line
 * (the default branch, for a pull request): the history is already in git, no server needed.
 * Read only when something failed, one blob per commit through the same cat-file reader.
 */
export async function attachMetricHistory(findings: Finding[], context: RuleContext, file: string, format: MetricsFormat): Promise<void> {
  const failing = findings.filter((f) => f.status === 'fail' && typeof f.subject === 'string' && typeof f.observed === 'number');
  const start = context.baseline?.sha ?? null;
  if (failing.length === 0 || start === null) return;
  const commits = (await context.history.ancestors(start, HISTORY_LENGTH)).reverse();
  const series = new Map<string, MetricHistoryPoint[]>();
  for (const sha of commits) {
    context.signal.throwIfAborted();
    const loaded = await loadMetrics(withDvcOutputs(context.history.commitWorkspace(sha)), file, format);
    if (loaded.status !== 'ok') continue;
    for (const f of failing) {
      const value = loaded.table.entries.get(f.subject!)?.value;
      if (value?.kind !== 'number' || !Number.isFinite(value.value)) continue;
      const points = series.get(f.subject!) ?? [];
      points.push({ sha, value: value.value });
      series.set(f.subject!, points);
    }
  }
  for (const f of failing) {
    const points = series.get(f.subject!);
    // One point is not a history: the baseline column already shows it.
    if (points !== undefined && points.length > 1) f.history = points;
  }
}
