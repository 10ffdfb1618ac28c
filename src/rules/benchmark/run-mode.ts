import { constants, type Stats } from 'node:fs';
import { open, realpath, stat as statFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../../errors.js';
import { checkFileSize } from '../../git/file-size.js';
import { isInside } from '../../git/repo-path.js';
import { INPUT_LIMITS } from '../limits.js';
import { parseResults, type ResultFormat } from './parse-results.js';
import { runInvocation, TimeLimitReached } from './run-command.js';

/** One process invocation: each benchmark's samples (ms) from it. */
export type Observation = Map<string, number[]>;

export interface RunPlan {
  command: string;
  /** Repository-relative results file each invocation writes, or undefined to time the command. */
  file: string | undefined;
  format: ResultFormat;
  unit: string;
  /** Name of the single benchmark when the command itself is timed. */
  commandName: string;
  runTimeoutMs: number;
  /** Epoch ms after which no invocation starts. */
  deadline: number;
  signal: AbortSignal;
  /** Runner variables the rule's `env:` passes to the command by name. */
  env: readonly string[];
}

/**
 * Runs base and head processes interleaved on one machine, A B B A A B ..., so that a slow
 * drift (thermal, a neighbour, clocks) lands on both sides of each pair alike. `baseDir` null
 * runs the head alone (for `baseline: notes`).
 */
export class InterleavedRuns {
  readonly base: Observation[] = [];
  readonly head: Observation[] = [];
  /** Why fewer invocations ran than asked for, if they did. */
  stoppedEarly: string | null = null;
  /** Wall time of each invocation so far (ms), to judge whether another pair fits the time limit. */
  private readonly durations: number[] = [];

  constructor(
    private readonly plan: RunPlan,
    private readonly headDir: string,
    private readonly baseDir: string | null,
  ) {}

  /** Unmeasured invocations of each side, so caches, JIT and GPU clocks settle first. */
  async warmUp(count: number): Promise<void> {
    const sides = this.baseDir === null ? 1 : 2;
    for (let i = 0; i < count && this.stoppedEarly === null; i++) {
      if (!this.fits(sides)) return this.stop('during the warm-up');
      try {
        if (this.baseDir !== null) await this.invoke('base', this.baseDir);
        await this.invoke('head', this.headDir);
      } catch (error) {
        if (!(error instanceof TimeLimitReached)) throw error;
        this.stop('during the warm-up');
      }
    }
  }

  /** Measures `count` more pairs (or head runs), alternating which side goes first. */
  async measure(count: number): Promise<void> {
    for (let i = 0; i < count && this.stoppedEarly === null; i++) {
      if (!this.fits(this.baseDir === null ? 1 : 2)) return this.stop();
      try {
        await this.measureOne();
      } catch (error) {
        // The unfinished pair is dropped: only whole pairs are evidence.
        if (!(error instanceof TimeLimitReached)) throw error;
        this.stop();
      }
    }
  }

  private async measureOne(): Promise<void> {
    if (this.baseDir === null) {
      this.head.push(await this.invoke('head', this.headDir));
      return;
    }
    const baseFirst = this.head.length % 2 === 0;
    const first = baseFirst ? await this.invoke('base', this.baseDir) : await this.invoke('head', this.headDir);
    const second = baseFirst ? await this.invoke('head', this.headDir) : await this.invoke('base', this.baseDir);
    this.base.push(baseFirst ? first : second);
    this.head.push(baseFirst ? second : first);
  }

  private stop(when = ''): void {
    const what = this.baseDir === null ? 'measured invocation(s)' : 'measured pair(s)';
    this.stoppedEarly = `the time limit ended the runs${when === '' ? '' : ` ${when}`}, after ${this.head.length} ${what}`;
  }

  /**
   * Whether `invocations` more are likely to finish before the deadline, judged by the slowest
   * so far: starting a pair that the limit would cut off wastes GPU time on a dropped pair.
   */
  private fits(invocations: number): boolean {
    const expected = this.durations.length === 0 ? 0 : Math.max(...this.durations);
    return Date.now() + invocations * expected < this.plan.deadline;
  }

  private async invoke(side: 'base' | 'head', dir: string): Promise<Observation> {
    // The file as it was before the command ran (committed, or left by the last run): unchanged after it, nothing was written.
    const before = this.plan.file === undefined ? null : await fingerprint(path.join(dir, this.plan.file));
    const started = Date.now();
    const elapsed = await runInvocation({
      command: this.plan.command,
      cwd: dir,
      side,
      timeoutMs: this.plan.runTimeoutMs,
      deadline: this.plan.deadline,
      signal: this.plan.signal,
      env: this.plan.env,
    });
    this.durations.push(Date.now() - started);
    if (this.plan.file === undefined) return new Map([[this.plan.commandName, [elapsed]]]);
    return readObservation(dir, this.plan, side, started, before);
  }
}

/** Identity and modification time of a file, or null when there is none. */
async function fingerprint(file: string): Promise<string | null> {
  try {
    const stat = await statFile(file);
    return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  } catch {
    return null;
  }
}

async function readObservation(dir: string, plan: RunPlan, side: string, started: number, before: string | null): Promise<Observation> {
  const file = plan.file!;
  const target = path.join(dir, file);
  let real: string;
  try {
    real = await realpath(target);
  } catch {
    throw new InputError(`the benchmark command did not write ${file} on the ${side}`, {
      file,
      hint: 'make `run` write the results file that `file` names',
    });
  }
  if (before !== null && before === (await fingerprint(target))) {
    throw new InputError(`the benchmark command did not write ${file} on the ${side}: the file there is the one it found`, {
      file,
      hint: 'make `run` write the results file that `file` names (a committed copy is not a measurement)',
    });
  }
  // The results file is written by code from the pull request: it must not point elsewhere.
  if (!isInside(await realpath(dir), real)) throw new InputError(`${file} on the ${side} points outside the repository`, { file });
  const text = await readRegularFile(real, file, side);
  // A results file older than this invocation is a stale one (committed, or from the last run).
  if (text.mtimeMs < started - 2000) {
    throw new InputError(`the benchmark command did not rewrite ${file} on the ${side}; it is older than the run`, { file });
  }
  const parsed = parseResults(text.content, file, plan.format, plan.unit);
  return new Map(parsed.benchmarks.map((b) => [b.name, b.samples]));
}

/**
 * Opens without blocking and checks what was opened: a FIFO would block the read (and the
 * thread under it) forever, a device never ends, and a check before opening could be raced.
 */
async function readRegularFile(real: string, file: string, side: string): Promise<{ content: string; mtimeMs: number }> {
  const handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) {
      throw new InputError(`${file} on the ${side} is ${describeKind(stat)}, not a regular file`, {
        file,
        hint: 'the results file must be a plain file the command writes',
      });
    }
    // The command can write any size: refused from the size before a byte is read.
    checkFileSize(file, stat.size, INPUT_LIMITS.fileBytes);
    return { content: await handle.readFile('utf8'), mtimeMs: stat.mtimeMs };
  } finally {
    await handle.close();
  }
}

function describeKind(stat: Stats): string {
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isDirectory()) return 'a folder';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'a special file';
}
