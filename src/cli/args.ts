import { parseArgs } from 'node:util';
import { closestMatch } from '../did-you-mean.js';
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
  /** Apply the working tree's (head's) rule file instead of the baseline's, while editing it. */
  draftRules?: boolean | undefined;
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
  --draft-rules     apply the head's rule file while you edit it; CI always applies
                    the baseline's (a pull request cannot loosen the rules judging it)
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

const OPTIONS = {
  repo: { type: 'string' },
  config: { type: 'string' },
  base: { type: 'string' },
  head: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  'draft-rules': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** Parses the command line; anything unexpected is a UsageError that says what was expected. */
export function parseCliArgs(argv: string[]): CliArgs {
  // Parsed leniently, then checked here: Node's own messages for unknown options and missing
  // values quote unevenly and cannot suggest the option that was meant.
  const parsed = parseArgs({ args: argv, allowPositionals: true, strict: false, tokens: true, options: OPTIONS });
  for (const token of parsed.tokens) {
    if (token.kind === 'option') checkOption(token.name, token.rawName, token.value, token.inlineValue);
  }
  const { positionals } = parsed;
  const values = parsed.values as { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'string' ? string : boolean };
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
    draftRules: values['draft-rules'] ?? false,
  };
}

/** Throws a UsageError for an option that does not exist, lacks its value or has one too many. */
function checkOption(name: string, rawName: string, value: string | undefined, inline: boolean | undefined): void {
  const known = OPTIONS[name as keyof typeof OPTIONS];
  if (known === undefined) {
    const longNames = Object.keys(OPTIONS).map((option) => `--${option}`);
    const guess = rawName.startsWith('--') ? suggestOption(rawName, longNames) : undefined;
    throw new UsageError(`unknown option ${rawName}${guess === undefined ? '' : `; did you mean ${guess}?`}`, {
      hint: 'see ml-guardrails --help',
    });
  }
  if (known.type === 'boolean' && value !== undefined) throw new UsageError(`${rawName} takes no value (got "${value}")`);
  if (known.type === 'string' && (value === undefined || (!inline && value.startsWith('-')))) {
    throw new UsageError(`${rawName} needs a value`, { hint: `e.g. ${rawName} ${EXAMPLES[name] ?? 'VALUE'}` });
  }
}

const EXAMPLES: Record<string, string> = { repo: 'DIR', config: 'FILE', base: 'main', head: 'REF', format: 'json', out: 'FILE' };

/** A likely intended option: a near spelling (`--frmat`), or one the typed name extends (`--baseline`). */
function suggestOption(typed: string, longNames: string[]): string | undefined {
  const prefixes = longNames.filter((option) => typed.startsWith(option) || option.startsWith(typed));
  return closestMatch(typed, longNames) ?? prefixes.sort((a, b) => b.length - a.length)[0];
}
