import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMENT_MARKER } from '../../src/github/sticky-comment.js';
import { type AppWorld, startAppWorld } from './app-world.js';

// The training data lives in Git LFS; a model file, also in LFS, is read by no rule.
const RULES = `version: 1
rules:
  - id: training-data
    kind: data-contract
    data: data/train.csv
    columns:
      age: { type: integer, required: true, min: 0, max: 120 }
      label: { enum: [0, 1] }
    row_change: { max_drop_pct: 10 }
`;

const rows = (n: number, age = (i: number) => 20 + (i % 50)) =>
  `age,label\n${Array.from({ length: n }, (_, i) => `${age(i)},${i % 2}`).join('\n')}\n`;

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const run = promisify(execFile);

/**
 * A contributor's clone with the real git-lfs client, pushing to the stand-in over HTTP. git runs
 * asynchronously: the stand-in answering it runs in this process.
 */
async function lfsClone(w: AppWorld, repo: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lfs-clone-'));
  scratch.push(dir);
  const url = w.gh.cloneUrl(repo, w.gh.createWorkflowToken({ repo: `acme/${repo}` }));
  const git = async (...args: string[]) =>
    (
      await run('git', ['-c', 'user.name=Data Scientist', '-c', 'user.email=ds@example.com', ...args], {
        cwd: dir,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
      })
    ).stdout.trim();
  await git('clone', '-q', url, '.');
  await git('lfs', 'install', '--local');
  await git('config', 'lfs.locksverify', 'false');
  return {
    git,
    write: (file: string, content: string) => writeFileSync(path.join(dir, file), content),
    dir,
  };
}

const oidOf = (content: string) => createHash('sha256').update(content).digest('hex');

describe('the App reads data kept in Git LFS', () => {
  it('downloads only the LFS objects a rule reads, verified, and judges the data', async () => {
    const w = await startAppWorld([{ owner: 'acme', name: 'churn', files: { '.github/ml-guardrails.yml': RULES } }]);
    const clone = await lfsClone(w, 'churn');
    await clone.git('lfs', 'track', 'data/*.csv', 'models/*.bin');
    execFileSync('mkdir', ['-p', path.join(clone.dir, 'data'), path.join(clone.dir, 'models')]);
    const base = rows(200);
    const model = 'weights '.repeat(4096);
    clone.write('data/train.csv', base);
    clone.write('models/classifier.bin', model);
    await clone.git('add', '-A');
    await clone.git('commit', '-q', '-m', 'Data and model in LFS');
    await clone.git('push', '-q', 'origin', 'HEAD:main');
    // The PR loses a fifth of the rows and brings an out-of-range age.
    await clone.git('checkout', '-q', '-b', 'refresh');
    const head = rows(160, (i) => (i === 7 ? 430 : 20 + (i % 50)));
    clone.write('data/train.csv', head);
    clone.write('models/classifier.bin', `${model}v2`);
    await clone.git('commit', '-q', '-am', 'Refresh the data');
    await clone.git('push', '-q', 'origin', 'refresh');
    // What is in git is the pointer, not the data.
    expect(await clone.git('cat-file', '-p', 'HEAD:data/train.csv')).toContain(`oid sha256:${oidOf(head)}`);
    w.gh.addPullRequest({ repo: 'churn', head: 'refresh' });

    await w.deliver('pull_request.opened', { repo: 'churn' });
    await w.idle();
    const run = w.gh.state.checkRuns.find((r) => r.name === 'ML Guardrails');
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure' });
    const comment = w.gh.state.comments.find((c) => c.body.startsWith(COMMENT_MARKER))!.body;
    expect(comment).toMatch(/age.*430/s);
    expect(comment).toMatch(/200 → 160/);
    expect(comment).not.toContain('Git LFS pointer');
    // The row change above needs the data at the head and at the baseline: both were fetched,
    // once each. Never the model, which no rule reads.
    const downloads = w.gh.log.filter((e) => e.operationId === 'lfs/download').map((e) => e.path.split('/').pop());
    expect([...downloads].sort()).toEqual([oidOf(base), oidOf(head)].sort());
    expect(w.gh.log.filter((e) => e.operationId === 'lfs/batch' && e.status !== 200)).toEqual([]);
    w.gh.assertNoViolations();
  });

  it('says plainly when the LFS object is missing or too large, naming the file', async () => {
    const pointer = (oid: string, size: number) => `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${size}\n`;
    const w = await startAppWorld(
      [
        {
          owner: 'acme',
          name: 'churn',
          files: { '.github/ml-guardrails.yml': RULES, 'data/train.csv': pointer('a'.repeat(64), 1200) },
        },
      ],
      { ML_GUARDRAILS_LFS_MAX_MIB: '1' },
    );
    // Never pushed to the LFS server: the pointer names an object it does not have.
    await w.gh.commitFiles({ repo: 'churn', branch: 'lost', files: { 'data/train.csv': pointer('b'.repeat(64), 1200) } });
    w.gh.addPullRequest({ repo: 'churn', head: 'lost' });
    await w.deliver('pull_request.opened', { repo: 'churn' });
    await w.idle();
    let comment = w.gh.state.comments.find((c) => c.body.startsWith(COMMENT_MARKER))!.body;
    expect(comment).toContain('data/train.csv is in Git LFS, and its server has no such object (404: Object does not exist)');

    // A pointer claiming 5 GB is refused before a byte is downloaded (the ceiling here: 1 MiB).
    await w.gh.commitFiles({ repo: 'churn', branch: 'huge', files: { 'data/train.csv': pointer('c'.repeat(64), 5_000_000_000) } });
    w.gh.addPullRequest({ repo: 'churn', head: 'huge' });
    await w.deliver('pull_request.opened', { repo: 'churn', pullNumber: 2 });
    await w.idle();
    comment = w.gh.state.comments.filter((c) => c.body.startsWith(COMMENT_MARKER)).at(-1)!.body;
    expect(comment).toContain('data/train.csv is a Git LFS object of 4.7 GiB; fetching it would pass the 1.0 MiB allowed per evaluation');
    expect(w.gh.log.filter((e) => e.operationId === 'lfs/download')).toEqual([]);
    w.gh.assertNoViolations();
  });
});
