// Runs the committed bundle (dist/index.js) as a child process with the environment a GitHub
// runner gives a JavaScript action, and reads back its outputs, summary and log.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = path.join(ROOT, 'dist', 'index.js');
/** Short waits so fault tests finish in seconds (an internal option, not a mock). */
export const TEST_API_LIMITS = 'maxWaitMs=1500,requestTimeoutMs=3000,writeSpacingMs=0';

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  durationMs: number;
}

export interface RunActionOptions {
  eventName: string;
  payload: Record<string, unknown>;
  /** GITHUB_WORKSPACE: a checkout of the repository. */
  workspace: string;
  /** Scratch folder for the event file, RUNNER_TEMP, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY. */
  scratch: string;
  apiUrl: string;
  repository: string;
  sha: string;
  ref: string;
  /** `with:` inputs by their action.yml names; the rest take action.yml's defaults, as on a runner. */
  inputs?: Record<string, string>;
  token: string;
  env?: Record<string, string>;
  /** The bundle to run; default dist/index.js of this checkout. Giving one implies `bundle`. */
  dist?: string;
  /**
   * Run the committed bundle as a child process, as a runner does (the end-to-end proof), instead
   * of the Action's own `run()` in this process with the same environment (fast; the default).
   */
  bundle?: boolean;
}

/** action.yml's defaults, with `${{ github.token }}` as the runner would expand it. */
function defaultInputs(token: string): Record<string, string> {
  const spec = YAML.parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
  return Object.fromEntries(
    // biome-ignore lint/suspicious/noTemplateCurlyInString: action.yml's own expression, replaced as the runner does
    Object.entries(spec.inputs).map(([name, input]) => [name, String(input.default ?? '').replace('${{ github.token }}', token)]),
  );
}

/** The runner's env name for an input: INPUT_ + upper case, spaces to _, hyphens kept. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

export async function runAction(options: RunActionOptions): Promise<ActionRun> {
  const id = randomUUID().slice(0, 8);
  const dir = path.join(options.scratch, `run-${id}`);
  mkdirSync(path.join(dir, 'temp'), { recursive: true });
  const eventPath = path.join(dir, 'event.json');
  const outputPath = path.join(dir, 'output.txt');
  const summaryPath = path.join(dir, 'summary.md');
  writeFileSync(eventPath, JSON.stringify(options.payload));
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const inputs = { ...defaultInputs(options.token), ...options.inputs };
  const env: Record<string, string> = {
    // A clean environment: nothing from the test process's own CI leaks in.
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    ...(process.env.SYSTEMROOT ? { SYSTEMROOT: process.env.SYSTEMROOT } : {}),
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_API_URL: options.apiUrl,
    GITHUB_SERVER_URL: options.apiUrl,
    GITHUB_REPOSITORY: options.repository,
    GITHUB_SHA: options.sha,
    GITHUB_REF: options.ref,
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_RUN_ID: '4242',
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    RUNNER_TEMP: path.join(dir, 'temp'),
    RUNNER_OS: 'Linux',
    ML_GUARDRAILS_API_LIMITS: TEST_API_LIMITS,
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [inputEnvName(k), v])),
    ...options.env,
  };
  const started = performance.now();
  const bundle = options.bundle === true || options.dist !== undefined;
  const { code, stdout, stderr } = bundle
    ? await spawnNode([options.dist ?? DIST], { cwd: options.workspace, env })
    : await runInProcess(env);
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputPath, 'utf8')),
    summary: existsSync(summaryPath) ? readFileSync(summaryPath, 'utf8') : '',
    durationMs: performance.now() - started,
  };
}

let inProcess: Promise<unknown> = Promise.resolve();

/**
 * The Action's `run()` (src/action/runner.ts, what dist/index.js runs) in this process, with the
 * runner's environment swapped in and stdout/stderr captured, one run at a time: @actions/core
 * reads process.env and writes workflow commands to stdout, as it does on a runner.
 */
function runInProcess(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const result = inProcess.then(async () => {
    const { run } = await import('../../src/action/runner.js');
    const core = await import('@actions/core');
    const savedEnv = process.env;
    const writes = { out: process.stdout.write, err: process.stderr.write };
    let stdout = '';
    let stderr = '';
    process.env = { ...env };
    process.exitCode = undefined;
    // @actions/core caches the summary file's path after its first write: start each run afresh.
    (core.summary as unknown as { _filePath?: string })._filePath = undefined;
    core.summary.emptyBuffer();
    process.stdout.write = ((chunk: string | Uint8Array) => {
      stdout += chunk.toString();
      return true;
    }) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string | Uint8Array) => {
      stderr += chunk.toString();
      return true;
    }) as typeof process.stderr.write;
    try {
      await run();
      return { code: Number(process.exitCode ?? 0), stdout, stderr };
    } finally {
      process.stdout.write = writes.out;
      process.stderr.write = writes.err;
      process.env = savedEnv;
      process.exitCode = undefined;
    }
  });
  inProcess = result.catch(() => undefined);
  return result;
}

function spawnNode(
  args: string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // Asynchronous on purpose: the stand-in serves from this same process.
    const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** GITHUB_OUTPUT as @actions/core writes it: `name<<DELIMITER\nvalue\nDELIMITER`. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (!match) continue;
    const [, name, delimiter] = match;
    const value: string[] = [];
    for (i += 1; i < lines.length && lines[i] !== delimiter; i += 1) value.push(lines[i]!);
    out[name!] = value.join('\n');
  }
  return out;
}
