import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ConfigErrorList } from '../config/load-config.js';
import { evaluate } from '../engine.js';
import { describeThrown, GuardrailsError } from '../errors.js';
import type { Report } from '../report/model.js';
import { renderJson } from '../report/render-json.js';
import { renderMarkdown } from '../report/render-markdown.js';
import { renderText } from '../report/render-text.js';
import { VERSION } from '../version.js';
import { type CheckArgs, HELP, parseCliArgs } from './args.js';
import { sharedRulesFromEnv } from './shared-rules-fetch.js';

export const EXIT = { pass: 0, fail: 1, error: 2 } as const;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  cwd: string;
}

/** The CLI door: arguments → engine → rendered report and exit code. Never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    if (args.command === 'help') {
      io.stdout(HELP);
      return EXIT.pass;
    }
    if (args.command === 'version') {
      io.stdout(`${VERSION}\n`);
      return EXIT.pass;
    }
    return await runCheck(args, io);
  } catch (error) {
    io.stderr(`${formatError(error)}\n`);
    return EXIT.error;
  }
}

async function runCheck(args: CheckArgs, io: CliIo): Promise<number> {
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

class StoppedBySignal extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`stopped by ${signal} before the evaluation finished; nothing was reported`);
    this.name = 'StoppedBySignal';
  }
}

async function evaluateAndRender(args: CheckArgs, io: CliIo, signal: AbortSignal): Promise<number> {
  const report = await evaluate({
    signal,
    repoDir: path.resolve(io.cwd, args.repo),
    config: args.config,
    base: args.base,
    head: args.head,
    draftRules: args.draftRules,
    readSharedFile: sharedRulesFromEnv(process.env),
    notice: (message) => io.stderr(`ml-guardrails: ${message}\n`),
  });
  const color = args.out === undefined && (args.color ?? io.isTTY);
  const rendered = render(report, args.format, color);
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

function render(report: Report, format: CheckArgs['format'], color: boolean): string {
  if (format === 'json') return renderJson(report);
  if (format === 'markdown') return renderMarkdown(report);
  return renderText(report, { color });
}

/** One line per problem, `ml-guardrails: file:line:col: message (hint)`; never a stack trace. */
export function formatError(error: unknown): string {
  if (error instanceof ConfigErrorList) return error.errors.map((e) => `ml-guardrails: ${e.toOneLine()}`).join('\n');
  if (error instanceof GuardrailsError) return `ml-guardrails: ${error.toOneLine()}`;
  if (error instanceof StoppedBySignal) return `ml-guardrails: ${error.message}`;
  return `ml-guardrails: internal error: ${describeThrown(error)}`;
}
