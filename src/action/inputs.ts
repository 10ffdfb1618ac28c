import { FAIL_ON_VALUES, type FailOn } from '../github/check-output.js';

/** Every input and output name, in one place; action.yml declares the same names. */
export const INPUT = {
  config: 'config',
  base: 'base',
  token: 'token',
  comment: 'comment',
  checkRun: 'check-run',
  failOn: 'fail-on',
  deploy: 'deploy',
  workingDirectory: 'working-directory',
} as const;

export const OUTPUT = {
  verdict: 'verdict',
  report: 'report',
  failedRules: 'failed-rules',
} as const;

export interface ActionInputs {
  config: string | undefined;
  base: string | undefined;
  token: string;
  comment: boolean;
  checkRun: boolean;
  failOn: FailOn;
  deploy: boolean;
  workingDirectory: string;
}

/** Reads one input as the runner passes it ('' when unset); `@actions/core`'s getInput in the Action. */
export type InputReader = (name: string) => string;

export class InputsError extends Error {
  override name = 'InputsError';
}

export function readInputs(read: InputReader): ActionInputs {
  const text = (name: string) => read(name).trim();
  const optional = (name: string) => text(name) || undefined;
  return {
    config: optional(INPUT.config),
    base: optional(INPUT.base),
    token: text(INPUT.token),
    comment: readBoolean(INPUT.comment, text(INPUT.comment), true),
    checkRun: readBoolean(INPUT.checkRun, text(INPUT.checkRun), true),
    failOn: readFailOn(text(INPUT.failOn)),
    deploy: readBoolean(INPUT.deploy, text(INPUT.deploy), false),
    workingDirectory: text(INPUT.workingDirectory) || '.',
  };
}

// The YAML 1.2 core schema's booleans, as @actions/core's getBooleanInput accepts them.
const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];

function readBoolean(name: string, value: string, fallback: boolean): boolean {
  if (value === '') return fallback;
  if (TRUE.includes(value)) return true;
  if (FALSE.includes(value)) return false;
  throw new InputsError(`input "${name}" must be true or false, not "${value}"`);
}

function readFailOn(value: string): FailOn {
  if (value === '') return 'error';
  const found = FAIL_ON_VALUES.find((v) => v === value.toLowerCase());
  if (found === undefined) throw new InputsError(`input "${INPUT.failOn}" must be one of ${FAIL_ON_VALUES.join(', ')}, not "${value}"`);
  return found;
}
