import { InputError } from '../../errors.js';
import { toRepoPath } from '../../git/repo-path.js';
import type { Workspace } from '../../git/workspace.js';
import { type Finding, finding } from '../../report/model.js';
import type { RuleContext, RuleOutcome } from '../types.js';
import { type BaselineSide, checkPattern } from './check-pattern.js';
import { DvcCacheMiss } from './dvc-cache.js';
import { withDvcOutputs } from './dvc-workspace.js';
import { listChanges } from './list-changes.js';
import { detectFormat, type LoadResult, loadMetrics, type MetricsFormat } from './load-metrics.js';
import { attachMetricHistory } from './metric-history.js';
import { metricsRecord, readNotesBaseline } from './notes-baseline.js';
import type { MetricsOptions } from './options.js';
import { suggestPaths } from './suggest-paths.js';

/** Evaluates one `metrics` rule; loaded only when a rule of that kind runs (see metrics-rule.ts). */
export async function evaluateMetrics(options: MetricsOptions, context: RuleContext): Promise<RuleOutcome> {
  let file: string;
  let format: MetricsFormat;
  try {
    file = toRepoPath(options.file, context.source);
    format = await detectFormat(context.head, file, options.format);
  } catch (error) {
    if (error instanceof InputError) return { findings: [inputErrorFinding(error, options.file)] };
    throw error;
  }

  const head = await loadMetrics(withDvcOutputs(context.head), file, format);
  context.signal.throwIfAborted();
  if (head.status === 'absent') {
    const reason = head.reason === undefined ? '' : ` (${head.reason})`;
    const nearest = await suggestPaths(context.head, head.absent);
    const message = `${head.absent} does not exist ${describeSide(context.head)}${reason}; expected the metrics to check${nearest}`;
    return { findings: [context.missing({ check: 'file', message, file: head.absent })] };
  }
  if (head.status === 'invalid') return { findings: [inputErrorFinding(head.error, file)] };

  const baseline = options.baseline === 'notes' ? await readNotesBaseline(context, file) : await readBaseline(context, file, format);
  const findings: Finding[] = [];
  for (const [pattern, checks] of Object.entries(options.metrics)) {
    context.signal.throwIfAborted();
    findings.push(...checkPattern({ pattern, checks, head: head.table, baseline, file, context }));
  }
  if ('table' in baseline) findings.push(...listChanges(head.table, baseline.table, file, baseline.where));
  // Notes are pushed without review: the report names the ones the baseline came from.
  if (options.baseline === 'notes' && 'table' in baseline) {
    findings.push(finding({ check: 'baseline', status: 'pass', message: `baseline values ${baseline.where}`, file }));
  }
  if (options.baseline !== 'notes') await attachMetricHistory(findings, context, file, format);
  // With a problem, the engine's summary leads with it; a clean run says what was covered.
  const clean = findings.every((f) => f.status === 'pass' || f.status === 'skip');
  // With `baseline: notes` the head's values are kept for later pull requests (the door writes them on the default branch).
  const records =
    options.baseline === 'notes' && context.head.sha !== null ? [metricsRecord(context.rule.id, context.head.sha, head.table)] : undefined;
  return { findings, summary: clean ? summarize(findings, file) : undefined, records };
}

async function readBaseline(context: RuleContext, file: string, format: MetricsFormat): Promise<BaselineSide> {
  if (context.baseline === null) {
    return { problem: context.baselineInfo.description.replace(/^no baseline:\s*/i, '') };
  }
  const where = describeSide(context.baseline);
  const loaded: LoadResult = await loadMetrics(withDvcOutputs(context.baseline), file, format);
  context.signal.throwIfAborted();
  if (loaded.status === 'ok') return { table: loaded.table, where };
  // The head has the file (checked before), so a file absent at the baseline is one this PR adds.
  if (loaded.status === 'absent') return { added: `${loaded.absent} does not exist ${where}`, where };
  // A cache miss already names the file and commit, and ends with the command that fixes it.
  if (loaded.error instanceof DvcCacheMiss) return { problem: loaded.error.message, remedy: loaded.error.hint, unreadable: true };
  return { problem: `${file} cannot be read ${where} (${loaded.error.message})`, unreadable: true };
}

/** `in the working tree` or `at abc1234`, to finish a sentence about a file. */
function describeSide(workspace: Workspace): string {
  return workspace.label === 'working tree' ? 'in the working tree' : `at ${workspace.label}`;
}

function inputErrorFinding(error: InputError, file: string): Finding {
  return finding({
    check: 'file',
    status: 'error',
    message: error.hint === undefined ? error.message : `${error.message}; ${error.hint}`,
    file: error.file ?? file,
    line: error.line ?? null,
  });
}

function summarize(findings: Finding[], file: string): string {
  const checks = findings.filter((f) => !f.check.startsWith('metrics.'));
  const passed = checks.filter((f) => f.status === 'pass').length;
  const metrics = new Set(checks.map((f) => f.subject)).size;
  return `${passed} of ${checks.length} checks passed on ${metrics} ${metrics === 1 ? 'metric' : 'metrics'} in ${file}`;
}
