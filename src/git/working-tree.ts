import { promises as fs } from 'node:fs';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { InputError } from '../errors.js';
import { isGlob, isInside, toRepoPath } from './repo-path.js';
import type { Workspace } from './workspace.js';

/** The files as they are on disk in a checkout: the default head of a comparison. */
export class WorkingTreeWorkspace implements Workspace {
  readonly label = 'working tree';
  private realRoot: Promise<string>;

  constructor(
    readonly root: string,
    readonly sha: string | null,
  ) {
    this.realRoot = fs.realpath(root);
  }

  async readBytes(file: string): Promise<Buffer | null> {
    const absolute = await this.resolve(file);
    if (absolute === null) return null;
    try {
      return await fs.readFile(absolute);
    } catch (error) {
      if (isCode(error, 'EISDIR')) {
        throw new InputError(`"${file}" is a folder, not a file`, { file });
      }
      throw error;
    }
  }

  async readText(file: string): Promise<string | null> {
    const bytes = await this.readBytes(file);
    return bytes === null ? null : bytes.toString('utf8');
  }

  async exists(file: string): Promise<boolean> {
    return (await this.resolve(file)) !== null;
  }

  async isDirectory(file: string): Promise<boolean> {
    const absolute = await this.resolve(file);
    if (absolute === null) return false;
    return (await fs.stat(absolute)).isDirectory();
  }

  async listFiles(pattern: string): Promise<string[]> {
    if (!isGlob(pattern)) {
      const file = toRepoPath(pattern);
      if (!(await this.exists(file))) return [];
      if (!(await this.isDirectory(file))) return [file];
      return this.globFiles(`${escapeGlob(file)}/**`);
    }
    return this.globFiles(pattern);
  }

  async localPath(file: string): Promise<string | null> {
    return this.resolve(file);
  }

  async dispose(): Promise<void> {}

  private async globFiles(pattern: string): Promise<string[]> {
    const normalized = pattern.replaceAll('\\', '/');
    if (normalized.startsWith('/') || normalized.split('/').includes('..')) {
      throw new InputError(`glob "${pattern}" points outside the repository`, {
        hint: 'globs in rule files are relative to the repository root',
      });
    }
    const found = await glob(normalized, {
      cwd: this.root,
      onlyFiles: true,
      dot: false,
      followSymbolicLinks: false,
      ignore: ['.git/**', '**/node_modules/**'],
    });
    const files: string[] = [];
    for (const file of found) {
      if ((await this.resolve(file)) !== null) files.push(file);
    }
    return files.sort();
  }

  /**
   * The absolute path of a repository file, or null if it does not exist. Symbolic links are
   * followed only while they stay inside the repository: a link out of it is refused.
   */
  private async resolve(file: string): Promise<string | null> {
    const relative = toRepoPath(file);
    const absolute = path.join(this.root, relative);
    let real: string;
    try {
      real = await fs.realpath(absolute);
    } catch (error) {
      if (!isCode(error, 'ENOENT') && !isCode(error, 'ENOTDIR')) throw error;
      // A dangling link: still refuse it if it aims outside, so the message says why.
      const target = await fs.readlink(absolute).catch(() => null);
      if (target !== null && !isInside(this.root, path.resolve(path.dirname(absolute), target))) {
        throw outsideError(relative);
      }
      return null;
    }
    if (!isInside(await this.realRoot, real)) throw outsideError(relative);
    return real;
  }
}

function outsideError(file: string): InputError {
  return new InputError(`"${file}" is a symbolic link that points outside the repository`, {
    file,
    hint: 'inputs must be files inside the repository',
  });
}

function isCode(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

function escapeGlob(file: string): string {
  return file.replace(/[*?[\]{}()!]/g, '\\$&');
}
