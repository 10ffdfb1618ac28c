import { InputError } from '../../errors.js';
import { type Finding, finding } from '../../report/model.js';
import type { RuleContext, RuleOutcome } from '../types.js';
import { evaluateFileMode } from './file-evaluation.js';
import { describeHardware, detectHardware, type Hardware } from './hardware.js';
import { readRecentHistory } from './notes-history.js';
import { type BenchmarkOptions, baselineSource } from './options.js';
import { evaluateRunMode } from './run-evaluation.js';

/** Evaluates one `benchmark` rule; loaded only when a rule of that kind runs (see benchmark-rule.ts). */
export async function evaluateBenchmark(options: BenchmarkOptions, context: RuleContext): Promise<RuleOutcome> {
  const misuse = describeMisuse(options);
  if (misuse !== null) return { findings: [configFinding(misuse, context)] };
  if (options.run !== undefined && !context.mayExecute) {
    // Not evaluated here is "could not compare": on_missing decides (default fail), never a silent pass.
    const message = `benchmark "${context.rule.id}" runs a command, which is left to the GitHub Action or the CLI: the App never runs code from the repository`;
    return { findings: [context.missing({ check: 'run', message, file: context.source.file, line: context.source.line })] };
  }
  const hardware = await detectHardware();
  if (options.hardware?.gpu === 'required' && hardware.gpu === null) {
    const message = `this rule requires a GPU, and this machine has none that nvidia-smi can see (${describeHardware(hardware)}); run it on a GPU runner`;
    return { findings: [finding({ check: 'hardware', status: 'fail', message, file: context.source.file, line: context.source.line })] };
  }
  try {
    const outcome =
      options.run !== undefined
        ? await evaluateRunMode(options, context, hardware)
        : await evaluateFileMode(options, context, hardware, baselineSource(options) === 'notes');
    await attachHistory(outcome.findings, options, context, hardware);
    return outcome;
  } catch (error) {
    if (error instanceof InputError) return { findings: [inputFinding(error, options, context)] };
    throw error;
  }
}

/** The default branch's recent values from notes, for the chart beside each benchmark's verdict. */
async function attachHistory(findings: Finding[], options: BenchmarkOptions, context: RuleContext, hardware: Hardware): Promise<void> {
  const start = context.baselineInfo.sha;
  if (start === null) return;
  const recent = await readRecentHistory(context.history, start, context.rule.id, hardware, options.statistic);
  for (const f of findings) {
    const points = f.check === options.statistic && f.subject !== undefined ? recent.get(f.subject) : undefined;
    if (points !== undefined && points.length > 0) f.history = points;
  }
}

/** Combinations the option schema cannot express on its own. */
function describeMisuse(options: BenchmarkOptions): string | null {
  const source = baselineSource(options);
  if (options.run === undefined && options.file === undefined) return 'give `file` (a results file) or `run` (a command to run), or both';
  if (options.run === undefined && source === 'rerun') return '`baseline: rerun` needs `run:`, the command to run on the base and the head';
  if (options.run !== undefined && source === 'file')
    return 'with `run:`, the baseline is `rerun` (the base commit runs too) or `notes`; `file` is for results committed or written by the workflow';
  return null;
}

function configFinding(message: string, context: RuleContext): Finding {
  return finding({ check: 'config', status: 'error', message, file: context.source.file, line: context.source.line });
}

function inputFinding(error: InputError, options: BenchmarkOptions, context: RuleContext): Finding {
  const message = error.hint === undefined ? error.message : `${error.message}; ${error.hint}`;
  return finding({
    check: options.run === undefined ? 'file' : 'run',
    status: 'error',
    message,
    file: error.file ?? options.file ?? context.source.file,
    line: error.line ?? null,
  });
}
