import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';

export const FORMATS = ['text', 'markdown', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export interface CheckArgs {
  command: 'check';
  repo: string;
  config?: string | undefined;
  base?: string | undefined;
  head?: string | undefined;
  format: Format;
  out?: string | undefined;
  color?: boolean | undefined;
}

export type CliArgs = CheckArgs | { command: 'help' } | { command: 'version' };

export const HELP = `Usage: ml-guardrails check [options]

Checks the repository's ML guardrails (.github/ml-guardrails.yml) against the baseline.

Options:
  --repo DIR        repository to check (default: the current folder)
  --config FILE     rule file, relative to the repository root
                    (default: .github/ml-guardrails.yml)
  --base REF        baseline = merge-base of REF and head
                    (default: the rule file's baseline.ref, else the merge-base with the
                    default branch: origin/HEAD, main or master)
  --head REF        commit to check (default: the working tree)
  --format FORMAT   text (default), markdown or json
  --out FILE        write the report to FILE instead of standard output
  --no-color        plain text even on a terminal
  -h, --help        show this help
  -v, --version     show the version

Exit codes:
  0  no blocking failure
  1  at least one blocking guardrail failed
  2  configuration, input or usage error (the message names the file and line)
`;

/** Parses the command line; anything unexpected is a UsageError that says what was expected. */
export function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        repo: { type: 'string' },
        config: { type: 'string' },
        base: { type: 'string' },
        head: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), { hint: 'see ml-guardrails --help' });
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command, ...rest] = positionals;
  if (command === undefined) throw new UsageError('no command given', { hint: 'run `ml-guardrails check`; see --help' });
  if (command !== 'check') throw new UsageError(`unknown command "${command}"`, { hint: 'the command is `check`; see --help' });
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`, { hint: 'see ml-guardrails --help' });
  const format = values.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${format}")`);
  }
  for (const name of ['repo', 'config', 'base', 'head', 'out'] as const) {
    if (values[name] === '') throw new UsageError(`--${name} needs a value`);
  }
  return {
    command: 'check',
    repo: values.repo ?? '.',
    config: values.config,
    base: values.base,
    head: values.head,
    format: format as Format,
    out: values.out,
    color: values['no-color'] ? false : values.color,
  };
}
