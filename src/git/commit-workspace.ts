import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GitError, InputError } from '../errors.js';
import { DEFAULT_LIMITS } from '../rules/limits.js';
import { BlobReader } from './blob-reader.js';
import { checkFileSize } from './file-size.js';
import { matchGlob, tooManyFiles, type WorkspaceOptions } from './glob-files.js';
import { isGitMetadataPath, isGlob, toRepoPath } from './repo-path.js';
import { runGit, tryGit } from './run-git.js';
import type { Workspace } from './workspace.js';

interface TreeEntry {
  mode: string;
  oid: string;
  /** The blob's size in bytes. */
  size: number;
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

  private readonly maxFilesPerGlob: number;

  constructor(
    readonly root: string,
    readonly sha: string,
    options: WorkspaceOptions = {},
  ) {
    this.label = sha.slice(0, 7);
    this.maxFilesPerGlob = options.maxFilesPerGlob ?? DEFAULT_LIMITS.maxFilesPerGlob;
    this.blobs = new BlobReader(root);
  }

  async readBytes(file: string, maxBytes?: number): Promise<Buffer | null> {
    const entry = await this.entry(file);
    if (entry === null) return null;
    checkFileSize(toRepoPath(file), entry.size, maxBytes);
    return this.blobs.read(entry.oid);
  }

  async readText(file: string, maxBytes?: number): Promise<string | null> {
    const bytes = await this.readBytes(file, maxBytes);
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
    let found: string[];
    if (isGlob(pattern)) {
      found = matchGlob(names, pattern);
    } else {
      const file = toRepoPath(pattern);
      if ((await this.entries()).has(file)) return [file];
      found = names.filter((name) => (file === '' || name.startsWith(`${file}/`)) && !isGitMetadataPath(name)).sort();
    }
    if (found.length > this.maxFilesPerGlob) throw tooManyFiles(pattern, found.length, this.maxFilesPerGlob);
    return found;
  }

  async localPath(file: string): Promise<string | null> {
    const entry = await this.entry(file);
    if (entry === null) return null;
    const name = toRepoPath(file);
    // The same bytes already on disk: a multi-gigabyte dataset is not copied at all.
    if ((await this.entries()).get(name) === entry && (await sameInWorkingTree(this.root, this.sha, name, entry))) {
      return path.join(this.root, name);
    }
    this.tempDir ??= await fs.mkdtemp(path.join(os.tmpdir(), `ml-guardrails-${this.label}-`));
    const target = path.join(this.tempDir, entry.oid, path.basename(name));
    try {
      await fs.access(target);
      return target;
    } catch {
      // Not extracted yet.
    }
    await fs.mkdir(path.dirname(target), { recursive: true });
    // git writes the blob straight into the file: no copy through this process, bounded memory.
    const handle = await fs.open(target, 'wx');
    let stderr = '';
    let code: number | null;
    try {
      const child = spawn('git', ['cat-file', 'blob', entry.oid], { cwd: this.root, stdio: ['ignore', handle.fd, 'pipe'] });
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
      });
      code = await new Promise<number | null>((resolve, reject) => {
        child.on('error', reject);
        child.on('close', resolve);
      });
    } finally {
      await handle.close();
    }
    if (code !== 0) {
      // git says only "unable to stream" when the disk is full: compare the room with the blob.
      const room = await fs.statfs(path.dirname(target)).catch(() => null);
      await fs.rm(target, { force: true });
      const free = room === null ? Number.POSITIVE_INFINITY : room.bavail * room.bsize;
      if (/no space left|ENOSPC|disk quota/i.test(stderr) || free < entry.size) {
        throw new InputError(`no space left on the device to extract ${file} at ${this.label} (${entry.size} bytes) into ${this.tempDir}`, {
          file,
          hint: 'free disk space, or point TMPDIR at a disk with room for the data file',
        });
      }
      throw new GitError(`could not extract ${file} at ${this.label}: ${stderr.trim().split('\n')[0] ?? ''}`);
    }
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
      const joined = path.posix.normalize(path.posix.join(path.posix.dirname(name), target));
      if (!path.posix.isAbsolute(target) && isGitMetadataPath(joined)) {
        throw new InputError(`"${file}" is a symbolic link into a .git folder, which is never an input`, { file });
      }
      try {
        if (path.posix.isAbsolute(target)) throw new Error('absolute link target');
        name = toRepoPath(joined);
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
  // --long adds each blob's size (space-padded), which spares a `cat-file -s` per file later.
  const output = await runGit(root, ['ls-tree', '-r', '-z', '--long', '--full-tree', sha]);
  const entries = new Map<string, TreeEntry>();
  for (const record of output.split('\0')) {
    if (record === '') continue;
    const tab = record.indexOf('\t');
    const [mode, type, oid, size] = record.slice(0, tab).split(/ +/);
    if (type !== 'blob' || mode === undefined || oid === undefined) continue; // submodules
    entries.set(record.slice(tab + 1), { mode, oid, size: Number(size) });
  }
  return entries;
}

/** Files up to this size are compared with the blob by hashing them here; larger ones by asking git. */
const HASH_COMPARE_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Whether the working-tree file holds exactly the blob's bytes, so tools may read it in place:
 * a regular file inside the repository, of the blob's size, and either hashing to the blob's
 * object id (bytes identical, whatever attributes say) or, for a large file, unchanged against
 * the commit (`git diff --quiet`) with no attribute or setting that converts bytes on checkout.
 * Any doubt (a bare repository, an error) answers no, and the blob is extracted instead.
 */
async function sameInWorkingTree(root: string, sha: string, name: string, entry: TreeEntry): Promise<boolean> {
  if (entry.mode !== '100644' && entry.mode !== '100755') return false;
  try {
    const local = path.join(root, name);
    const [stat, real, realRoot] = await Promise.all([fs.lstat(local), fs.realpath(local), fs.realpath(root)]);
    if (!stat.isFile() || real !== path.join(realRoot, name) || stat.size !== entry.size) return false;
    if (stat.size <= HASH_COMPARE_MAX_BYTES) return (await blobId(local, entry.oid.length === 64 ? 'sha256' : 'sha1')) === entry.oid;
    // All at once: each answer alone can rule the shortcut out, and git start-up dominates.
    const [attributes, settings, unchanged] = await Promise.all([
      runGit(root, ['check-attr', '-z', 'text', 'eol', 'filter', 'ident', 'working-tree-encoding', '--', name]),
      tryGit(root, ['config', '--get-regexp', '^core\\.(autocrlf|eol)$']),
      tryGit(root, ['diff', '--quiet', sha, '--', name]),
    ]);
    if (unchanged === null) return false;
    // `text` alone converts nothing on checkout with LF line endings; everything else may.
    const fields = attributes.split('\0');
    for (let i = 0; i + 2 < fields.length; i += 3) {
      const value = fields[i + 2];
      if (value === 'unspecified' || value === 'unset') continue;
      if (fields[i + 1] === 'text' && (value === 'set' || value === 'auto')) continue;
      return false;
    }
    return !/^core\.autocrlf (true|input)$|^core\.eol crlf$/im.test(settings ?? '');
  } catch {
    return false;
  }
}

/** The object id git gives a file's bytes as a blob: the hash of "blob <size>\0" and the bytes. */
async function blobId(file: string, algorithm: 'sha1' | 'sha256'): Promise<string> {
  const bytes = await fs.readFile(file);
  return createHash(algorithm).update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}
