// Real bare git repositories behind the stand-in. Everything the REST API reports about
// commits, contents and diffs is read from them, so it always agrees with what a client
// clones over git-http.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
  try {
    return await gitText(gitDir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    return undefined;
  }
}

/**
 * Commits `files` (path -> content, null deletes) on top of `branch` (or `from` when the branch
 * does not exist yet) using plumbing only, so no working tree is needed.
 */
export async function commitFiles(
  gitDir: string,
  opts: { branch: string; files: Record<string, string | null>; message: string; from?: string; rebase?: boolean },
): Promise<string> {
  // `rebase`: the commit goes on top of `from` even when the branch exists, as a force-push after a rebase.
  const current = opts.rebase ? undefined : await resolveCommit(gitDir, `refs/heads/${opts.branch}`);
  const parent = current ?? (opts.from ? await resolveCommit(gitDir, opts.from) : undefined);
  const scratch = await mkdtemp(join(tmpdir(), 'standin-index-'));
  const env = { GIT_INDEX_FILE: join(scratch, 'index') };
  try {
    if (parent) await runGit(gitDir, ['read-tree', parent], { env });
    for (const [path, content] of Object.entries(opts.files)) {
      if (content === null) {
        // Mode 0 in --index-info removes the entry; --force-remove would want a work tree.
        await runGit(gitDir, ['update-index', '--index-info'], { env, input: `0 ${'0'.repeat(40)}\t${path}\n` });
        continue;
      }
      const sha = (await runGit(gitDir, ['hash-object', '-w', '--stdin'], { input: content })).toString().trim();
      await runGit(gitDir, ['update-index', '--add', '--cacheinfo', `100644,${sha},${path}`], { env });
    }
    const tree = (await runGit(gitDir, ['write-tree'], { env })).toString().trim();
    const commitArgs = ['commit-tree', tree, '-m', opts.message, ...(parent ? ['-p', parent] : [])];
    const commit = (await runGit(gitDir, commitArgs)).toString().trim();
    await runGit(gitDir, ['update-ref', `refs/heads/${opts.branch}`, commit]);
    return commit;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
