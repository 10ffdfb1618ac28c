import { promises as fs } from 'node:fs';
import path from 'node:path';
import { evaluate } from '../engine.js';
import type { Report } from '../report/model.js';
import { printable } from '../report/terminal-text.js';
import { parseUntrackedInputs, UNTRACKED_INPUTS_ENV } from '../untracked-inputs.js';
import type { CheckArgs } from './args.js';
import type { CliIo } from './io.js';
import { extendsAllowFromEnv, sharedRulesFromEnv } from './shared-rules-fetch.js';
import { StoppedBySignal } from './stopped-by-signal.js';

export const EXIT = { pass: 0, fail: 1, error: 2 } as const;

/** `ml-guardrails check`: the engine, then the report in the chosen format, and the exit code. */
export async function runCheck(args: CheckArgs, io: CliIo): Promise<number> {
  // SIGTERM or Ctrl-C cancels the evaluation instead of ending Node at once, so a benchmark's
  // processes are killed and its temporary copies removed before the CLI exits.
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals) => controller.abort(new StoppedBySignal(signal));
  for (const signal of STOP_SIGNALS) process.once(signal, stop);
  try {
    return await evaluateAndRender(args, io, controller.signal);
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, stop);
  }
}

const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

async function evaluateAndRender(args: CheckArgs, io: CliIo, signal: AbortSignal): Promise<number> {
  const report = await evaluate({
    signal,
    repoDir: path.resolve(io.cwd, args.repo),
    config: args.config,
    base: args.base,
    head: args.head,
    draftRules: args.draftRules,
    readSharedFile: sharedRulesFromEnv(process.env),
    extendsAllow: extendsAllowFromEnv(process.env),
    untrackedInputs: parseUntrackedInputs(process.env[UNTRACKED_INPUTS_ENV]),
    notice: (message) => io.stderr(`ml-guardrails: ${printable(message)}\n`),
  });
  const color = args.out === undefined && (args.color ?? io.isTTY);
  const rendered = await render(report, args.format, color);
  if (args.out !== undefined) {
    const target = path.resolve(io.cwd, args.out);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, rendered);
    io.stdout(`ml-guardrails: ${report.verdict} (report written to ${args.out})\n`);
  } else {
    io.stdout(rendered);
  }
  return EXIT[report.verdict];
}

/** Only the chosen format's renderer is loaded: each is its own set of modules. */
async function render(report: Report, format: CheckArgs['format'], color: boolean): Promise<string> {
  if (format === 'json') return (await import('../report/render-json.js')).renderJson(report);
  if (format === 'markdown') return (await import('../report/render-markdown.js')).renderMarkdown(report);
  return (await import('../report/render-text.js')).renderText(report, { color });
}
