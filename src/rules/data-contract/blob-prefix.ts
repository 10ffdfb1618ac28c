import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CommitWorkspace } from '../../git/commit-workspace.js';
import { runGit } from '../../git/run-git.js';
import type { Workspace } from '../../git/workspace.js';

/**
 * The first bytes of a text data file (CSV, TSV, JSONL) at a commit, cut at a line end: all
 * that DuckDB reads to find the header and sniff the types. When the rule wants only the
 * baseline's schema, this spares extracting a multi-gigabyte blob (git streams the blob and
 * stops when the pipe closes). Null when the file is not a plain blob of a commit (a symbolic
 * link, the working tree): the caller then extracts it whole.
 */
export async function extractPrefix(workspace: Workspace, repoPath: string, dir: string, bytes: number): Promise<string | null> {
  if (!(workspace instanceof CommitWorkspace)) return null;
  const listed = await runGit(workspace.root, ['ls-tree', '-z', '--full-tree', workspace.sha, '--', repoPath]);
  const [meta, name] = listed.split('\0')[0]?.split('\t') ?? [];
  const [mode, type, oid] = meta?.split(' ') ?? [];
  if (name !== repoPath || type !== 'blob' || (mode !== '100644' && mode !== '100755') || oid === undefined) return null;
  const head = await readPrefix(workspace.root, oid, bytes);
  if (head === null) return null;
  const target = path.join(dir, oid, path.basename(repoPath));
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, head);
  return target;
}

async function readPrefix(root: string, oid: string, bytes: number): Promise<Buffer | null> {
  const child = spawn('git', ['cat-file', 'blob', oid], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
  const chunks: Buffer[] = [];
  let size = 0;
  let complete = true;
  for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= bytes) {
      complete = false;
      break;
    }
  }
  child.kill();
  const code = await new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('close', resolve);
  });
  if (complete && code !== 0) return null;
  const all = Buffer.concat(chunks);
  if (complete) return all;
  // Cut after the last full line; a file without one is read whole by the caller.
  const end = all.lastIndexOf(0x0a);
  return end === -1 ? null : all.subarray(0, end + 1);
}
