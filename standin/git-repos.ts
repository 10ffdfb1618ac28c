// Real bare git repositories behind the stand-in. Everything the REST API reports about
// commits, contents and diffs is read from them, so it always agrees with what a client
// clones over git-http.
import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { forgetRepositories, isFullSha, isKnownCommit, rememberCommit } from './git-answers.js';

const IDENTITY = {
  GIT_AUTHOR_NAME: 'Standin Bot',
  GIT_AUTHOR_EMAIL: 'standin@users.noreply.github.com',
  GIT_COMMITTER_NAME: 'Standin Bot',
  GIT_COMMITTER_EMAIL: 'standin@users.noreply.github.com',
};

export function runGit(
  gitDir: string,
  args: string[],
  opts: { input?: string | Buffer; env?: Record<string, string> } = {},
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      ['--git-dir', gitDir, ...args],
      // The user's global config (hooks, signing, default branch) must not leak into the fixture.
      {
        encoding: 'buffer',
        maxBuffer: 256 * 1024 * 1024,
        env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', ...IDENTITY, ...opts.env },
      },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`git ${args.join(' ')} failed: ${stderr.toString().trim() || error.message}`));
        else resolve(stdout);
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

export async function gitText(gitDir: string, args: string[]): Promise<string> {
  return (await runGit(gitDir, args)).toString('utf8').trim();
}

/** Creates `<root>/<owner>/<name>.git`, empty or as a bare clone of a local repository. */
export async function createBareRepo(
  root: string,
  owner: string,
  name: string,
  opts: { from?: string; defaultBranch: string },
): Promise<string> {
  const gitDir = join(root, owner, `${name}.git`);
  forgetRepositories(gitDir);
  await mkdir(join(root, owner), { recursive: true });
  if (opts.from) {
    await runGit(opts.from, ['clone', '--bare', '--quiet', '--no-local', opts.from, gitDir]).catch(async () => {
      // `from` may be a working tree (its git dir is .git) rather than a bare repository.
      await runGit(join(opts.from as string, '.git'), ['clone', '--bare', '--quiet', opts.from as string, gitDir]);
    });
  } else {
    await runGit(gitDir, ['init', '--bare', '--quiet', `--initial-branch=${opts.defaultBranch}`]);
  }
  return gitDir;
}

export async function resolveCommit(gitDir: string, ref: string): Promise<string | undefined> {
  if (isFullSha(ref) && isKnownCommit(gitDir, ref)) return ref;
  const stored = await readBranchRef(gitDir, ref);
  if (stored !== undefined && isKnownCommit(gitDir, stored)) return stored;
  let sha: string;
  try {
    sha = await gitText(gitDir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    return undefined;
  }
  rememberCommit(gitDir, sha);
  return sha;
}

/**
 * A branch (`refs/heads/...`) read from the repository's own files, as git stores them: a loose
 * ref file, else a line of packed-refs. Pushes and commits move branches between requests, so
 * this is read each time; only what names a commit already known is trusted (else git decides).
 */
async function readBranchRef(gitDir: string, ref: string): Promise<string | undefined> {
  if (!/^refs\/heads\/[^\0]+$/.test(ref) || ref.split('/').some((part) => part === '..' || part === '.')) return undefined;
  const loose = await readFile(join(gitDir, ref), 'utf8').catch(() => undefined);
  if (loose !== undefined) return loose.trim();
  const packed = await readFile(join(gitDir, 'packed-refs'), 'utf8').catch(() => '');
  for (const line of packed.split('\n')) {
    if (line.endsWith(` ${ref}`)) return line.slice(0, line.indexOf(' '));
  }
  return undefined;
}

/**
 * Commits `files` (path -> content, null deletes) on top of `branch` (or `from` when the branch
 * does not exist yet) with one `git fast-import`, so no working tree or index is needed, and
 * one process does what hash-object, update-index, write-tree, commit-tree and update-ref did.
 */
export async function commitFiles(
  gitDir: string,
  opts: { branch: string; files: Record<string, string | null>; message: string; from?: string; rebase?: boolean },
): Promise<string> {
  // `rebase`: the commit goes on top of `from` even when the branch exists, as a force-push after a rebase.
  const current = opts.rebase ? undefined : await resolveCommit(gitDir, `refs/heads/${opts.branch}`);
  const parent = current ?? (opts.from ? await resolveCommit(gitDir, opts.from) : undefined);
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const stream = [
    `commit refs/heads/${opts.branch}\n`,
    'mark :1\n',
    `committer ${IDENTITY.GIT_COMMITTER_NAME} <${IDENTITY.GIT_COMMITTER_EMAIL}> now\n`,
    data(`${opts.message}\n`),
    // With `from`, the tree starts as the parent's; without it the commit is a root commit.
    parent ? `from ${parent}\n` : '',
    ...Object.entries(opts.files).map(([path, content]) =>
      content === null ? `D ${quotePath(path)}\n` : `M 100644 inline ${quotePath(path)}\n${data(content)}`,
    ),
    '\nget-mark :1\n',
  ].join('');
  // --force: a `rebase` moves the branch to a commit that does not descend from its tip.
  const out = await runGit(gitDir, ['fast-import', '--quiet', '--force', '--date-format=now'], { input: stream });
  const sha = out.toString().trim();
  rememberCommit(gitDir, sha);
  return sha;
}

/** A path as fast-import reads it: C-style quoted, so quotes, backslashes and newlines survive. */
function quotePath(path: string): string {
  const escaped = path.replace(/[\\"\x00-\x1f\x7f]/g, (c) =>
    c === '\\' || c === '"' ? `\\${c}` : `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`,
  );
  return `"${escaped}"`;
}
