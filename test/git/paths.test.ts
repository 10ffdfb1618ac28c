import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { CommitWorkspace } from '../../src/git/commit-workspace.js';
import { toRepoPath } from '../../src/git/repo-path.js';
import { Repository } from '../../src/git/repository.js';
import { WorkingTreeWorkspace } from '../../src/git/working-tree.js';
import type { Workspace } from '../../src/git/workspace.js';
import type { Report } from '../../src/report/model.js';
import { parseUntrackedInputs, untrackedInputsPolicy } from '../../src/untracked-inputs.js';
import { cliHere } from '../support/cli-here.js';
import { GitFixture } from '../support/git-fixture.js';

const fixtures: GitFixture[] = [];
const workspaces: Workspace[] = [];
afterEach(async () => {
  for (const workspace of workspaces.splice(0)) await workspace.dispose();
  for (const fixture of fixtures.splice(0)) fixture.cleanup();
});

/** A repository whose .git/config holds a token the way actions/checkout leaves it. */
function checkoutWithToken(): GitFixture {
  const fx = GitFixture.init();
  fixtures.push(fx);
  fx.git('config', 'http.https://github.com/.extraheader', 'AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hzX3NlY3JldA==');
  fx.commit('first', { 'data/train.csv': 'id,age\n1,30\n', 'metrics/eval.json': { accuracy: 0.9 }, '.github/keep.yml': 'a: 1\n' });
  return fx;
}

async function both(fx: GitFixture, options = {}): Promise<[string, Workspace][]> {
  const sha = fx.sha();
  const list: [string, Workspace][] = [
    ['working tree', new WorkingTreeWorkspace(fx.dir, sha, options)],
    ['commit', new CommitWorkspace(fx.dir, sha, options)],
  ];
  workspaces.push(...list.map(([, workspace]) => workspace));
  return list;
}

describe('.git is never an input', () => {
  it('toRepoPath refuses a .git segment in any case, at any depth, and keeps look-alikes', () => {
    for (const input of [
      '.git/config',
      '.GIT/config',
      'sub/.Git/config',
      'a/../.git/config',
      '.git',
      './.git/',
      '.git./config',
      'GIT~1/config',
    ]) {
      expect(() => toRepoPath(input, { file: 'rules.yml', line: 3 }), input).toThrow(InputError);
    }
    expect(() => toRepoPath('.git/config')).toThrow('path ".git/config" is inside a .git folder, which is never an input');
    expect(['.github/x.yml', '.gitignore', 'a.git/b', 'data/.gitkeep'].map((p) => toRepoPath(p))).toEqual([
      '.github/x.yml',
      '.gitignore',
      'a.git/b',
      'data/.gitkeep',
    ]);
  });

  it('globs that could spell .git match nothing inside it, in both workspaces', async () => {
    const fx = checkoutWithToken();
    for (const [kind, ws] of await both(fx)) {
      for (const glob of ['.g?t/*', '.[Gg]it/config', '{.git,data}/*', '**/.git/**', '.*/*', '**/config']) {
        expect(
          (await ws.listFiles(glob)).filter((f) => f.toLowerCase().includes('.git/')),
          `${kind} ${glob}`,
        ).toEqual([]);
      }
      expect(await ws.listFiles('.*/*'), kind).toEqual(['.github/keep.yml']);
      await expect(ws.readText('.git/config')).rejects.toThrow(/\.git folder/);
      await expect(ws.listFiles('.git')).rejects.toThrow(/\.git folder/);
    }
  });

  it('a committed symbolic link into .git is refused in both workspaces', async () => {
    const fx = checkoutWithToken();
    symlinkSync('../.git/config', path.join(fx.dir, 'data/creds.csv'));
    symlinkSync('.git', path.join(fx.dir, 'gitdir'));
    fx.commit('links');
    for (const [kind, ws] of await both(fx)) {
      await expect(ws.readText('data/creds.csv'), kind).rejects.toThrow('"data/creds.csv" is a symbolic link into a .git folder');
    }
    // A glob that meets the link: the working tree refuses while listing, a commit when reading.
    const [tree, commit] = (await both(fx)).map(([, workspace]) => workspace);
    await expect(tree!.listFiles('data/*.csv')).rejects.toThrow(/\.git folder/);
    expect(await commit!.listFiles('data/*.csv')).toEqual(['data/creds.csv', 'data/train.csv']);
    await expect(tree!.readText('gitdir/config')).rejects.toThrow('"gitdir/config" is a symbolic link into a .git folder');
    expect(await commit!.readText('gitdir/config')).toBeNull(); // a commit's links are followed as files only
  });
});

describe('the working tree reads what git tracks, and exact paths', () => {
  it('globs and the root list only tracked files; an exact file or folder may be untracked (CI-written metrics)', async () => {
    const fx = checkoutWithToken();
    fx.write({ 'data/new.csv': 'id\n1\n', 'gha-creds-1234.json': '{"private_key": "x"}', 'data/ignored.csv': 'id\n' });
    fx.write({ '.gitignore': 'data/ignored.csv\n' });
    const ws = new WorkingTreeWorkspace(fx.dir, fx.sha());
    expect(await ws.listFiles('*.json')).toEqual([]);
    expect(await ws.listFiles('data/*.csv')).toEqual(['data/train.csv']);
    expect(await ws.listFiles('.')).not.toContain('gha-creds-1234.json');
    expect(await ws.listFiles('.')).not.toContain('data/new.csv');
    expect(await ws.listFiles('data')).toEqual(['data/ignored.csv', 'data/new.csv', 'data/train.csv']);
    expect(await ws.readText('data/new.csv')).toBe('id\n1\n');
    expect(await ws.readText('data/ignored.csv')).toBe('id\n');
    expect(await ws.listFiles('data/new.csv')).toEqual(['data/new.csv']);
    const strict = new WorkingTreeWorkspace(fx.dir, fx.sha(), { trackedOnly: true });
    await expect(strict.readText('data/new.csv')).rejects.toThrow('"data/new.csv" is not tracked by git');
    expect(await strict.listFiles('data')).toEqual(['data/train.csv']);
    expect(await strict.readText('data/train.csv')).toBe('id,age\n1,30\n');
    fx.git('add', 'data/new.csv');
    expect(await new WorkingTreeWorkspace(fx.dir, fx.sha()).listFiles('data/*.csv')).toEqual(['data/new.csv', 'data/train.csv']);
  });

  it('rules a pull request wrote list a folder CI wrote with only the untracked files the policy lets through', async () => {
    const fx = checkoutWithToken();
    fx.write({ 'data/new.csv': 'id\n1\n', 'data/creds.csv': 'key\nsecret\n' });
    const records = new WorkingTreeWorkspace(fx.dir, fx.sha(), { trackedOnly: true });
    const untrackedInputs = untrackedInputsPolicy(records, parseUntrackedInputs('data/new.*'));
    const ws = new WorkingTreeWorkspace(fx.dir, fx.sha(), { trackedOnly: true, untrackedInputs });
    expect(await ws.listFiles('data')).toEqual(['data/new.csv', 'data/train.csv']);
    expect(await ws.readText('data/new.csv')).toBe('id\n1\n');
    await expect(ws.readText('data/creds.csv')).rejects.toThrow('no dvc.lock or .dvc file at the head records it');
  });

  it('a committed link to a file git does not track is refused, even when named exactly', async () => {
    const fx = checkoutWithToken();
    symlinkSync('../.env', path.join(fx.dir, 'data/env.csv'));
    fx.commit('link');
    fx.write({ '.env': 'TOKEN=ghs_secret\n' });
    const ws = new WorkingTreeWorkspace(fx.dir, fx.sha());
    await expect(ws.readText('data/env.csv')).rejects.toThrow('"data/env.csv" is a symbolic link to ".env", which git does not track');
  });

  it('FIFOs and symbolic link loops are clear errors naming the file, never a hang', async () => {
    const fx = checkoutWithToken();
    execFileSync('mkfifo', [path.join(fx.dir, 'data/pipe.csv')]);
    symlinkSync('loop-b', path.join(fx.dir, 'data/loop-a'));
    symlinkSync('loop-a', path.join(fx.dir, 'data/loop-b'));
    symlinkSync('/dev/zero', path.join(fx.dir, 'data/zero.csv'));
    const ws = new WorkingTreeWorkspace(fx.dir, fx.sha());
    await expect(ws.readText('data/pipe.csv')).rejects.toThrow('"data/pipe.csv" is a named pipe (FIFO), not a file');
    await expect(ws.localPath('data/pipe.csv')).rejects.toThrow(/named pipe/);
    await expect(ws.readText('data/loop-a')).rejects.toThrow('"data/loop-a" is a loop of symbolic links');
    await expect(ws.readText('data/zero.csv')).rejects.toThrow(/outside the repository/);
    fx.remove('data/pipe.csv').commit('loop');
    const tree = new CommitWorkspace(fx.dir, fx.sha());
    workspaces.push(tree);
    await expect(tree.readText('data/loop-a')).rejects.toThrow(/chain of more than 8 symbolic links/);
  });

  it('a glob or folder past the files-per-glob limit is an error in both workspaces', async () => {
    const fx = checkoutWithToken();
    fx.commit('more', { 'data/a.csv': 'x\n', 'data/b.csv': 'x\n' });
    for (const [kind, ws] of await both(fx, { maxFilesPerGlob: 2 })) {
      await expect(ws.listFiles('data/*.csv'), kind).rejects.toThrow('"data/*.csv" matches 3 files, more than the limit of 2 per glob');
      await expect(ws.listFiles('data'), kind).rejects.toThrow(/matches 3 files/);
      await expect(ws.listFiles('.'), kind).rejects.toThrow(/matches \d+ files/);
      expect(await ws.listFiles('metrics/*.json'), kind).toEqual(['metrics/eval.json']);
    }
    const repo = await Repository.open(fx.dir);
    expect(await (await repo.workingTree()).listFiles('data/*.csv')).toHaveLength(3); // the default limit is 10,000
  });
});

describe('through the CLI, as a pull request author would try it', () => {
  it('a data contract on .git/config never reads it: the rule errors naming the path', async () => {
    // The base has no rule file, so the pull request's own rules apply (the adopting PR).
    const fx = checkoutWithToken();
    const rules = (data: string) =>
      `version: 1\nrules:\n  - id: leak\n    kind: data-contract\n    data: ${data}\n    sql:\n      - { name: n, query: "SELECT count(*) FROM data", min: 0 }\n`;
    for (const data of ['.git/config', '.GIT/config', '"**/.g?t/config"']) {
      fx.write({ '.github/ml-guardrails.yml': rules(data) });
      const result = await cliHere(['check', '--repo', fx.dir, '--base', 'main', '--format', 'json'], fx.dir);
      const output = `${result.stdout}${result.stderr}`;
      expect(output, data).not.toContain('extraheader');
      expect(output, data).not.toContain('eC1hY2Nlc3MtdG9rZW46');
      expect(result.status, data).not.toBe(0);
      if (result.stdout !== '') {
        const report = JSON.parse(result.stdout) as Report;
        expect(report.verdict, data).not.toBe('pass');
      }
      expect(output, data).toMatch(/\.git folder|matches no file|no data file|not found|does not exist/i);
    }
  });
});
