// Reads commits, trees, blobs and diffs out of a bare repository for the REST handlers.
import { rememberAnswer } from './git-answers.js';
import { gitText, runGit } from './git-repos.js';

export interface TreeEntry {
  type: 'file' | 'dir' | 'symlink' | 'submodule';
  path: string;
  name: string;
  sha: string;
  size: number;
}

export interface CommitInfo {
  sha: string;
  tree: string;
  parents: string[];
  author: { name: string; email: string; date: string };
  committer: { name: string; email: string; date: string };
  message: string;
}

export interface DiffFile {
  filename: string;
  previousFilename?: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  additions: number;
  deletions: number;
  sha: string;
  patch?: string;
}

function toEntry(line: string): TreeEntry {
  // "<mode> <type> <sha> <size>\t<path>" from `ls-tree --long`
  const [meta = '', path = ''] = line.split('\t');
  const [mode = '', kind = '', sha = '', size = ''] = meta.split(/\s+/);
  const type = kind === 'tree' ? 'dir' : kind === 'commit' ? 'submodule' : mode === '120000' ? 'symlink' : 'file';
  return { type, path, name: path.split('/').pop() ?? path, sha, size: Number(size) || 0 };
}

/** Lists the entry at `path` (a file) or the entries inside it (a directory). */
export function readTreePath(gitDir: string, commit: string, path: string): Promise<{ entry?: TreeEntry; children?: TreeEntry[] }> {
  return rememberAnswer(gitDir, [commit], `tree ${path}`, () => listTreePath(gitDir, commit, path));
}

async function listTreePath(gitDir: string, commit: string, path: string): Promise<{ entry?: TreeEntry; children?: TreeEntry[] }> {
  const clean = path.replace(/^\/+|\/+$/g, '');
  if (clean === '') {
    const out = await gitText(gitDir, ['ls-tree', '--long', commit]);
    return { children: out ? out.split('\n').map(toEntry) : [] };
  }
  const out = await gitText(gitDir, ['ls-tree', '--long', commit, '--', clean]);
  if (!out) return {};
  const entry = toEntry(out.split('\n')[0] ?? '');
  if (entry.type !== 'dir') return { entry };
  const inner = await gitText(gitDir, ['ls-tree', '--long', `${commit}:${clean}`]);
  const children = inner
    ? inner
        .split('\n')
        .map(toEntry)
        .map((e) => ({ ...e, path: `${clean}/${e.path}` }))
    : [];
  return { entry, children };
}

export function readBlob(gitDir: string, sha: string): Promise<Buffer> {
  return rememberAnswer(gitDir, [sha], 'blob', () => runGit(gitDir, ['cat-file', 'blob', sha]));
}

export function readCommit(gitDir: string, sha: string): Promise<CommitInfo> {
  return rememberAnswer(gitDir, [sha], 'commit', () => showCommit(gitDir, sha));
}

async function showCommit(gitDir: string, sha: string): Promise<CommitInfo> {
  const out = (
    await runGit(gitDir, ['show', '-s', '--format=%H%x00%T%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%B', sha])
  ).toString('utf8');
  const [h = '', t = '', p = '', an = '', ae = '', ad = '', cn = '', ce = '', cd = '', ...rest] = out.split('\0');
  const utc = (d: string) => new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    sha: h,
    tree: t,
    parents: p.trim() ? p.trim().split(' ') : [],
    author: { name: an, email: ae, date: utc(ad) },
    committer: { name: cn, email: ce, date: utc(cd) },
    message: rest.join('\0').replace(/\n+$/, ''),
  };
}

/** Commits reachable from head but not base, oldest first (what a compare or PR lists). */
export function listCommits(gitDir: string, base: string, head: string): Promise<string[]> {
  return rememberAnswer(gitDir, [base, head], 'rev-list', async () => {
    const out = await gitText(gitDir, ['rev-list', '--reverse', `${base}..${head}`]);
    return out ? out.split('\n') : [];
  });
}

export function mergeBase(gitDir: string, a: string, b: string): Promise<string | undefined> {
  return rememberAnswer(gitDir, [a, b], 'merge-base', () => gitText(gitDir, ['merge-base', a, b]).catch(() => undefined));
}

const STATUS: Record<string, DiffFile['status']> = { A: 'added', D: 'removed', M: 'modified', R: 'renamed', C: 'copied', T: 'changed' };

/** The files changed between two commits, with per-file patches like GitHub's `files` arrays. */
export function diffFiles(gitDir: string, from: string, to: string): Promise<DiffFile[]> {
  return rememberAnswer(gitDir, [from, to], 'diff', () => readDiff(gitDir, from, to));
}

/**
 * One `git diff` gives the summary (`--raw`), the line counts (`--numstat`) and the patches, in
 * that order and each in the same order of file pairs, so they are matched by position.
 */
async function readDiff(gitDir: string, from: string, to: string): Promise<DiffFile[]> {
  const output = await gitText(gitDir, ['diff', '--raw', '--numstat', '--patch', '-M', '--no-abbrev', from, to]);
  const patchStart = output.search(/^diff --git /m);
  const summary = (patchStart < 0 ? output : output.slice(0, patchStart)).split('\n').filter((l) => l !== '');
  const patches = patchStart < 0 ? [] : output.slice(patchStart).split(/^(?=diff --git )/m);
  const entries = summary.filter((l) => l.startsWith(':'));
  const numstat = summary.filter((l) => !l.startsWith(':'));
  const files: DiffFile[] = [];
  for (const [i, line] of entries.entries()) {
    const [meta = '', ...quoted] = line.split('\t');
    const paths = quoted.map(unquotePath);
    const parts = meta.split(' ');
    const letter = (parts[4] ?? 'M').charAt(0);
    const [adds = '0', dels = '0'] = (numstat[i] ?? '').split('\t');
    const filename = paths[paths.length - 1] ?? '';
    const file: DiffFile = {
      filename,
      status: STATUS[letter] ?? 'modified',
      additions: Number(adds) || 0,
      deletions: Number(dels) || 0,
      sha: letter === 'D' ? (parts[2] ?? '') : (parts[3] ?? ''),
    };
    if (paths.length > 1) file.previousFilename = paths[0] ?? '';
    // A section is used only when its header names this pair; a type change (two sections for
    // one pair) or a quoted path falls back to a diff of its own.
    const section = patches[i] ?? '';
    const patch = section.startsWith(`diff --git a/${paths[0]} b/${filename}\n`)
      ? section.replace(/\n$/, '')
      : await gitText(gitDir, ['diff', '-M', from, to, '--', ...paths.map((p) => `:(literal)${p}`)]);
    const hunk = patch.indexOf('\n@@');
    if (hunk >= 0) file.patch = patch.slice(hunk + 1);
    files.push(file);
  }
  return files;
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** A path as git prints it outside `-z`: C-style quoted when it holds a quote, a backslash, a control or non-ASCII byte. */
function unquotePath(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"')) return text;
  const bytes: number[] = [];
  const body = Buffer.from(text.slice(1, -1), 'utf8');
  for (let i = 0; i < body.length; i++) {
    const byte = body[i] as number;
    if (byte !== 92) {
      bytes.push(byte);
      continue;
    }
    const next = String.fromCharCode(body[i + 1] ?? 0);
    if (/[0-7]/.test(next)) {
      bytes.push(Number.parseInt(body.subarray(i + 1, i + 4).toString('latin1'), 8));
      i += 3;
    } else {
      bytes.push(ESCAPES[next] ?? (body[i + 1] as number));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
