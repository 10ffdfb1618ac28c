import { ConfigErrorList, describeThrown, GuardrailsError } from '../errors.js';
import { printable } from '../report/terminal-text.js';
import { VERSION } from '../version.js';
import { HELP, parseCliArgs } from './args.js';
import type { CliIo } from './io.js';
import { StoppedBySignal } from './stopped-by-signal.js';

/** 0: no blocking failure; 1: a guardrail failed; 2: configuration, input or usage error. */
export const EXIT_ERROR = 2;

/**
 * The CLI door: arguments → engine → rendered report and exit code. Never throws. The engine
 * (zod, git, the renderers) is loaded only for `check`, so `--version` and `--help` start as fast
 * as Node itself.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    if (args.command === 'help') {
      io.stdout(HELP);
      return 0;
    }
    if (args.command === 'version') {
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    const { runCheck } = await import('./run-check.js');
    return await runCheck(args, io);
  } catch (error) {
    io.stderr(`${printable(formatError(error))}\n`);
    return EXIT_ERROR;
  }
}

/** One line per problem, `ml-guardrails: file:line:col: message (hint)`; never a stack trace. */
export function formatError(error: unknown): string {
  if (error instanceof ConfigErrorList) return error.errors.map((e) => `ml-guardrails: ${e.toOneLine()}`).join('\n');
  if (error instanceof GuardrailsError) return `ml-guardrails: ${error.toOneLine()}`;
  if (error instanceof StoppedBySignal) return `ml-guardrails: ${error.message}`;
  return `ml-guardrails: internal error: ${describeThrown(error)}`;
}
