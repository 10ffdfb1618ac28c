import { spawn } from 'node:child_process';
import { createWriteStream, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import picomatch from 'picomatch';
import { GitError, InputError } from '../errors.js';
import { BlobReader } from './blob-reader.js';
import { isGlob, toRepoPath } from './repo-path.js';
import { runGit } from './run-git.js';
import type { Workspace } from './workspace.js';

interface TreeEntry {
  mode: string;
  oid: string;
}

const SYMLINK_MODE = '120000';
const MAX_LINK_HOPS = 8;

/**
 * The files of a commit, read straight from the object database: no checkout, no worktree,
 * and nothing from the commit is ever executed.
 */
export class CommitWorkspace implements Workspace {
  readonly label: string;
  private tree: Promise<Map<string, TreeEntry>> | undefined;
  private readonly blobs: BlobReader;
  private tempDir: string | undefined;

  constructor(
    readonly root: string,
    readonly sha: string,
  ) {
    this.label = sha.slice(0, 7);
    this.blobs = new BlobReader(root);
  }

  async readBytes(file: string): Promise<Buffer | null> {
    const entry = await this.entry(file);
    return entry === null ? null : this.blobs.read(entry.oid);
  }

  async readText(file: string): Promise<string | null> {
    const bytes = await this.readBytes(file);
    return bytes === null ? null : bytes.toString('utf8');
  }

  async exists(file: string): Promise<boolean> {
    return (await this.entry(file)) !== null || (await this.isDirectory(file));
  }

  async isDirectory(file: string): Promise<boolean> {
    const prefix = toRepoPath(file);
    if (prefix === '') return true;
    for (const name of (await this.entries()).keys()) {
      if (name.startsWith(`${prefix}/`)) return true;
    }
    return false;
  }

  async listFiles(pattern: string): Promise<string[]> {
    const names = [...(await this.entries()).keys()];
    if (isGlob(pattern)) {
      const normalized = pattern.replaceAll('\\', '/');
      if (normalized.startsWith('/') || normalized.split('/').includes('..')) {
        throw new InputError(`glob "${pattern}" points outside the repository`);
      }
      const matches = picomatch(normalized, { dot: false });
      return names.filter((name) => matches(name)).sort();
    }
    const file = toRepoPath(pattern);
    if ((await this.entries()).has(file)) return [file];
    return names.filter((name) => file === '' || name.startsWith(`${file}/`)).sort();
  }

  async localPath(file: string): Promise<string | null> {
    const entry = await this.entry(file);
    if (entry === null) return null;
    this.tempDir ??= await fs.mkdtemp(path.join(os.tmpdir(), `ml-guardrails-${this.label}-`));
    const target = path.join(this.tempDir, entry.oid, path.basename(toRepoPath(file)));
    try {
      await fs.access(target);
      return target;
    } catch {
      // Not extracted yet: stream it, so a multi-gigabyte dataset never sits in memory.
    }
    await fs.mkdir(path.dirname(target), { recursive: true });
    const child = spawn('git', ['cat-file', 'blob', entry.oid], { cwd: this.root });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await pipeline(child.stdout, createWriteStream(target));
    if ((await exited) !== 0) throw new GitError(`could not extract ${file} at ${this.label}`);
    return target;
  }

  async dispose(): Promise<void> {
    this.blobs.close();
    if (this.tempDir !== undefined) await fs.rm(this.tempDir, { recursive: true, force: true });
    this.tempDir = undefined;
  }

  /** The tree entry for a file, following symbolic links that stay inside the repository. */
  private async entry(file: string): Promise<TreeEntry | null> {
    const entries = await this.entries();
    let name = toRepoPath(file);
    for (let hop = 0; hop <= MAX_LINK_HOPS; hop++) {
      const entry = entries.get(name);
      if (entry === undefined || entry.mode !== SYMLINK_MODE) return entry ?? null;
      const target = (await this.blobs.read(entry.oid))?.toString('utf8') ?? '';
      try {
        if (path.posix.isAbsolute(target)) throw new Error('absolute link target');
        name = toRepoPath(path.posix.join(path.posix.dirname(name), target));
      } catch {
        throw new InputError(`"${file}" is a symbolic link that points outside the repository`, {
          file,
          hint: 'inputs must be files inside the repository',
        });
      }
    }
    throw new InputError(`"${file}" is a chain of more than ${MAX_LINK_HOPS} symbolic links`, { file });
  }

  private entries(): Promise<Map<string, TreeEntry>> {
    this.tree ??= listTree(this.root, this.sha);
    return this.tree;
  }
}

async function listTree(root: string, sha: string): Promise<Map<string, TreeEntry>> {
  const output = await runGit(root, ['ls-tree', '-r', '-z', '--full-tree', sha]);
  const entries = new Map<string, TreeEntry>();
  for (const record of output.split('\0')) {
    if (record === '') continue;
    const tab = record.indexOf('\t');
    const [mode, type, oid] = record.slice(0, tab).split(' ');
    if (type !== 'blob' || mode === undefined || oid === undefined) continue; // submodules
    entries.set(record.slice(tab + 1), { mode, oid });
  }
  return entries;
}
