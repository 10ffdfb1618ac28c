import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { evaluate } from '../../src/engine.js';
import { REPO, useStandin } from '../standin/fixture.js';

const run = promisify(execFile);
const env = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
const git = (args: string[], cwd?: string) => run('git', args, { env, cwd });
const RULES = 'version: 1\nrules:\n  - id: quality\n    kind: metrics\n    file: m.json\n    metrics:\n      accuracy: { min: 0.5 }\n';

/** What the evaluation left in its own temporary folder (other test files run alongside). */
function leftIn(dir: string): string[] {
  return readdirSync(dir);
}

describe('a superseded evaluation stops', () => {
  const standin = useStandin();
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it('aborting during a slow fetch stops git within a second and leaves no temporary folder or worktree', async () => {
    const gh = standin();
    await gh.commitFiles({ repo: REPO, branch: 'main', files: { '.github/ml-guardrails.yml': RULES, 'm.json': '{"accuracy": 0.9}' } });
    const scratch = await mkdtemp(join(tmpdir(), 'cancel-test-'));
    dirs.push(scratch);
    const clone = join(scratch, 'clone');
    await git(['clone', '--quiet', gh.cloneUrl(REPO, gh.createInstallationToken()), clone]);
    // The base branch exists only on the server: the engine must fetch it, and the server stalls.
    await gh.commitFiles({ repo: REPO, branch: 'release', from: 'refs/heads/main', files: { 'notes.txt': 'x' } });
    const stall = gh.faults.inject('git/upload-pack', { kind: 'delay', ms: 30_000 });
    // The evaluation's temporary folders go here (os.tmpdir() reads TMPDIR), so what it leaves is its own.
    const ownTmp = join(scratch, 'tmp');
    mkdirSync(ownTmp);
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = ownTmp;
    onTestFinished(() => {
      process.env.TMPDIR = savedTmp;
    });

    const controller = new AbortController();
    const evaluation = evaluate({ repoDir: clone, base: 'release', signal: controller.signal });
    const outcome = evaluation.then(
      () => 'finished',
      (error: unknown) => error,
    );
    while (stall.hits === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const abortedAt = performance.now();
    controller.abort(new Error('superseded by a newer push'));
    const result = await outcome;
    const stoppedAfterMs = performance.now() - abortedAt;

    expect(result).toBeInstanceOf(Error);
    expect((result as Error).message).toBe('superseded by a newer push');
    // Far below the 30 s stall: git was killed, not waited out (the figure is in npm run bench).
    expect(stoppedAfterMs).toBeLessThan(2000);
    // git was killed: no fetch process is left holding the clone.
    // (git's remote helper ends once its pipe closes: on a busy machine a moment later, so this
    // waits for that state, bounded, rather than looking once.)
    const leftovers = async () => {
      const { stdout: processes } = await run('ps', ['-eo', 'args']);
      const fetching = processes.split('\n').filter((line) => line.includes(clone) || line.includes('fetch --quiet --no-tags'));
      return [...fetching, ...leftIn(ownTmp)];
    };
    for (let i = 0; i < 100 && (await leftovers()).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await leftovers()).toEqual([]);
    const { stdout: worktrees } = await git(['worktree', 'list', '--porcelain'], clone);
    expect(worktrees.match(/^worktree /gm)).toHaveLength(1);
    expect((await git(['for-each-ref', '--format=%(refname)'], clone)).stdout).not.toContain('refs/heads/release');
  });
});
