import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import { DEFAULT_LIMITS } from '../rules/limits.js';
import { checkFileSize } from './file-size.js';
import { matchGlob, tooManyFiles, type UntrackedInputs, type WorkspaceOptions } from './glob-files.js';
import { isGitMetadataPath, isGlob, isInside, toRepoPath } from './repo-path.js';
import { runGit } from './run-git.js';
import type { Workspace } from './workspace.js';

/**
 * The files as they are on disk in a checkout: the default head of a comparison.
 *
 * A glob matches only what git tracks (its index), never an untracked file that a step before
 * this one left in the checkout (credentials, caches). A path the rule names exactly, a file
 * or a folder below the root, is read as it is on disk even when untracked, because CI often
 * writes what it checks (DVC outputs, benchmark results, an MLflow run). A `.git` folder is
 * never read, and a link committed by the pull request cannot reach an untracked file.
 */
export class WorkingTreeWorkspace implements Workspace {
  readonly label = 'working tree';
  /** Resolved on first use: a promise made eagerly and never awaited would reject unhandled if the folder went away. */
  private realRoot: Promise<string> | undefined;
  private tracked: Promise<Set<string>> | undefined;
  private readonly maxFilesPerGlob: number;
  private readonly trackedOnly: boolean;
  private readonly untrackedInputs: UntrackedInputs | undefined;
  /** Each untracked file is judged once (the DVC check hashes it): null when it may be read. */
  private readonly untrackedRefusals = new Map<string, Promise<string | null>>();

  constructor(
    readonly root: string,
    readonly sha: string | null,
    options: WorkspaceOptions = {},
  ) {
    this.maxFilesPerGlob = options.maxFilesPerGlob ?? DEFAULT_LIMITS.maxFilesPerGlob;
    this.trackedOnly = options.trackedOnly ?? false;
    this.untrackedInputs = options.untrackedInputs;
  }

  async readBytes(file: string, maxBytes?: number): Promise<Buffer | null> {
    const absolute = await this.resolve(file);
    if (absolute === null) return null;
    if (await this.isFolder(absolute)) throw new InputError(`"${file}" is a folder, not a file`, { file });
    // Checked again on what was opened: a file swapped for a FIFO after `resolve` must not block.
    const handle = await fs.open(absolute, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw refused(toRepoPath(file), `is ${describeSpecial(stat)}, not a file: reading it could block or never end`);
      if (maxBytes !== undefined) checkFileSize(toRepoPath(file), stat.size, maxBytes);
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  }

  async readText(file: string, maxBytes?: number): Promise<string | null> {
    const bytes = await this.readBytes(file, maxBytes);
    return bytes === null ? null : bytes.toString('utf8');
  }

  async exists(file: string): Promise<boolean> {
    return (await this.resolve(file)) !== null;
  }

  async isDirectory(file: string): Promise<boolean> {
    const absolute = await this.resolve(file);
    return absolute !== null && (await this.isFolder(absolute));
  }

  async listFiles(pattern: string): Promise<string[]> {
    if (isGlob(pattern)) return this.keepReadable(pattern, matchGlob([...(await this.trackedFiles())], pattern));
    const file = toRepoPath(pattern);
    const absolute = await this.resolve(pattern);
    if (absolute === null) return [];
    if (!(await this.isFolder(absolute))) return [file];
    if (file === '' || this.trackedOnly) {
      const tracked = [...(await this.trackedFiles())].filter((name) => file === '' || name.startsWith(`${file}/`));
      if (file === '' || this.untrackedInputs === undefined) return this.keepReadable(pattern, tracked);
      // A folder CI wrote (an MLflow run): the files in it that the policy lets these rules read.
      const known = new Set(tracked);
      const onDisk = (await this.filesOnDisk(file)).filter((name) => !known.has(name));
      // Links are left out: one committed by the pull request never reaches an untracked file.
      const allowed = await Promise.all(
        onDisk.map(async (name) => {
          const absolute = path.join(this.root, name);
          return (await fs.lstat(absolute)).isFile() && (await this.untrackedRefusal(name, absolute)) === null;
        }),
      );
      return this.keepReadable(pattern, [...tracked, ...onDisk.filter((_, i) => allowed[i])]);
    }
    return this.keepReadable(pattern, await this.filesOnDisk(file));
  }

  async localPath(file: string): Promise<string | null> {
    return this.resolve(file);
  }

  async dispose(): Promise<void> {}

  private trackedFiles(): Promise<Set<string>> {
    this.tracked ??= runGit(this.root, ['ls-files', '-z', '--cached', '--full-name']).then(
      (out) => new Set(out.split('\0').filter((name) => name !== '' && !isGitMetadataPath(name))),
    );
    return this.tracked;
  }

  /** Files below a folder the rule names (an MLflow run CI just wrote), as on disk. */
  private async filesOnDisk(folder: string): Promise<string[]> {
    // Loaded here, its one use: most checks never list a folder on disk.
    const { glob } = await import('tinyglobby');
    const found = await glob(`${escapeGlob(folder)}/**`, {
      cwd: this.root,
      onlyFiles: true,
      dot: false,
      followSymbolicLinks: false,
      ignore: ['**/node_modules/**'],
    });
    return found.filter((name) => !isGitMetadataPath(name));
  }

  /** The matches that exist on disk as files (a tracked file may be deleted), capped. */
  private async keepReadable(pattern: string, names: string[]): Promise<string[]> {
    if (names.length > this.maxFilesPerGlob) throw tooManyFiles(pattern, names.length, this.maxFilesPerGlob);
    const files: string[] = [];
    for (const name of names) {
      const absolute = await this.resolve(name);
      if (absolute !== null && !(await this.isFolder(absolute))) files.push(name);
    }
    return files.sort();
  }

  private async isFolder(absolute: string): Promise<boolean> {
    return (await fs.stat(absolute)).isDirectory();
  }

  /**
   * The absolute path of a repository file, or null if it does not exist. Symbolic links are
   * followed only while they stay inside the repository and out of `.git`; anything that is
   * neither a file nor a folder (a FIFO would block the read forever, a device never ends) is
   * refused before it is opened.
   */
  private async resolve(file: string): Promise<string | null> {
    const relative = toRepoPath(file);
    const absolute = path.join(this.root, relative);
    let real: string;
    try {
      real = await fs.realpath(absolute);
    } catch (error) {
      if (isCode(error, 'ELOOP')) throw refused(relative, 'is a loop of symbolic links');
      if (!isCode(error, 'ENOENT') && !isCode(error, 'ENOTDIR')) throw error;
      // A dangling link: still refuse it if it aims outside, so the message says why.
      const target = await fs.readlink(absolute).catch(() => null);
      if (target !== null && !isInside(this.root, path.resolve(path.dirname(absolute), target))) {
        throw refused(relative, 'is a symbolic link that points outside the repository');
      }
      return null;
    }
    this.realRoot ??= fs.realpath(this.root);
    const realRoot = await this.realRoot;
    if (!isInside(realRoot, real)) throw refused(relative, 'is a symbolic link that points outside the repository');
    const target = path.relative(realRoot, real).split(path.sep).join('/');
    if (isGitMetadataPath(target)) throw refused(relative, 'is a symbolic link into a .git folder, which is never an input');
    const stat = await fs.stat(real);
    if (!stat.isFile() && !stat.isDirectory()) {
      throw refused(relative, `is ${describeSpecial(stat)}, not a file: reading it could block or never end`);
    }
    // A link committed by the pull request must not reach a file git does not track (a file
    // an earlier CI step wrote), even when the rule names the link itself.
    if (target !== relative && stat.isFile() && !(await this.trackedFiles()).has(target)) {
      throw refused(relative, `is a symbolic link to "${target}", which git does not track`);
    }
    if (this.trackedOnly && stat.isFile() && !(await this.trackedFiles()).has(target)) {
      const refusal = await this.untrackedRefusal(target, real);
      if (refusal !== null) throw new InputError(`"${relative}" ${refusal}`, { file: relative, hint: UNTRACKED_HINT });
    }
    return real;
  }

  /** Null when rules the pull request wrote may read this untracked file (a regular file, already resolved), else why not. */
  private untrackedRefusal(file: string, absolute: string): Promise<string | null> {
    let decided = this.untrackedRefusals.get(file);
    if (decided === undefined) {
      const policy = this.untrackedInputs;
      decided = policy === undefined ? Promise.resolve(NOT_TRACKED) : policy(file, absolute);
      this.untrackedRefusals.set(file, decided);
    }
    return decided;
  }
}

const NOT_TRACKED = 'is not tracked by git, and only tracked files are read here';
const UNTRACKED_HINT =
  'a pull request that adopts the guardrails reads an untracked file only when a dvc.lock or .dvc file at its head records it ' +
  'with the md5 of the file on disk (run `dvc pull` first) or the workflow lists it in ML_GUARDRAILS_UNTRACKED_INPUTS; see docs/security.md';

function describeSpecial(stat: import('node:fs').Stats): string {
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isDirectory()) return 'a folder';
  return 'a special file';
}

function refused(file: string, why: string): InputError {
  return new InputError(`"${file}" ${why}`, { file, hint: 'inputs must be regular files inside the repository' });
}

function isCode(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

function escapeGlob(file: string): string {
  return file.replace(/[*?[\]{}()!]/g, '\\$&');
}
