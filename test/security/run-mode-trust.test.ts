// Run mode executes the pull request's code on the runner (issue 19, defects 11 and 12). Each
// test is the attack, tried through the CLI binary as a real process: what the code can see,
// what it can leave running, and what it can make the rule leave behind.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it, onTestFinished } from 'vitest';
import { GitFixture } from '../support/git-fixture.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/ml-guardrails.js');

/** A rule file at the base (trusted): a benchmark that runs the PR's own bench.sh. */
function rules(extra: string): string {
  return `version: 1\nrules:\n  - id: latency\n    kind: benchmark\n    run: sh bench.sh\n    runs: 3\n    warmup: 0\n    max_increase_pct: 1000\n${extra}`;
}

interface World {
  git: GitFixture;
  /** Where the PR's script writes what it saw (outside the repository). */
  out: string;
  /** The CLI's TMPDIR, empty before the run: what the rule leaves behind shows here. */
  tmp: string;
}

/** main holds the rules and a harmless bench.sh; the checked-out PR branch replaces bench.sh. */
function setUp(ruleExtra: string, headScript: (out: string) => string, baseScript = 'true\n'): World {
  const git = GitFixture.init();
  const scratch = mkdtempSync(path.join(tmpdir(), 'mlg-runmode-'));
  onTestFinished(() => {
    git.cleanup();
    rmSync(scratch, { recursive: true, force: true });
  });
  const [out, tmp] = [path.join(scratch, 'out'), path.join(scratch, 'tmp')];
  mkdirSync(out);
  mkdirSync(tmp);
  git.commit('base', { '.github/ml-guardrails.yml': rules(ruleExtra), 'bench.sh': baseScript, '.gitignore': 'results.json\n' });
  git.checkout('pr', true);
  git.commit('pr', { 'bench.sh': headScript(out) });
  return { git, out, tmp };
}

function startCli(
  world: World,
  env: NodeJS.ProcessEnv = {},
): { child: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [BIN, 'check', '--repo', world.git.dir, '--base', 'main', '--format', 'json'], {
    env: { ...process.env, TMPDIR: world.tmp, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let [stdout, stderr] = ['', ''];
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
}

/** Processes (any of ours) whose environment carries one of the run ids the PR's script recorded. */
function survivors(idsFile: string): number[] {
  const ids = existsSync(idsFile)
    ? readFileSync(idsFile, 'utf8')
        .split('\n')
        .filter((id) => id !== '')
    : [];
  expect(ids.length).toBeGreaterThan(0);
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let environ = '';
    try {
      environ = readFileSync(`/proc/${name}/environ`, 'latin1');
    } catch {
      continue;
    }
    if (ids.some((id) => environ.includes(`ML_GUARDRAILS_RUN_ID=${id}`))) found.push(Number(name));
  }
  return found;
}

/** What the rule left in its TMPDIR and the repository's worktrees: nothing. */
function expectNothingLeft(world: World): void {
  expect(readdirSync(world.tmp).filter((name) => name !== 'node-compile-cache')).toEqual([]);
  expect(world.git.git('worktree', 'list').split('\n')).toHaveLength(1);
}

const TOKEN = 'ghs_checkoutTokenThatMustStayHidden';
const SECRETS: NodeJS.ProcessEnv = {
  AWS_ACCESS_KEY_ID: 'AKIAFAKESECRET000001',
  GITHUB_ENV: '/runner/file_commands/set_env_secret',
  GITHUB_OUTPUT: '/runner/file_commands/set_output_secret',
  NPM_AUTH: 'npm-auth-secret',
  DOCKER_AUTH_CONFIG: '{"auths":{"secret":{}}}',
  GOOGLE_APPLICATION_CREDENTIALS: '/runner/gcp-secret.json',
  GITHUB_TOKEN: 'ghs_envTokenSecret',
  HF_HOME: '/models/hf-cache',
  CUDA_VISIBLE_DEVICES: '0',
};

describe('run mode hands the pull request no secrets (defect 12)', () => {
  it('the command sees only the allow-listed environment and no checkout credentials, in cwd or any parent', async () => {
    const world = setUp('    env: [HF_HOME, GITHUB_TOKEN]\n', (out) =>
      [
        `out=${out}/$ML_GUARDRAILS_SIDE`,
        'env > "$out.env"',
        'pwd > "$out.pwd"',
        // The checkout's config by relative path, and through git, from the cwd up to /.
        'cat .git/config ../.git/config ../../.git/config > "$out.git" 2>&1',
        'd=$PWD; while :; do git -C "$d" config --get-regexp extraheader >> "$out.git" 2>&1; cat "$d/.git/config" >> "$out.git" 2>&1; [ "$d" = / ] && break; d=$(dirname "$d"); done',
        'git config --get-regexp extraheader >> "$out.git" 2>&1',
        'true',
      ].join('\n'),
    );
    // As actions/checkout leaves it (persist-credentials defaults to true).
    const basic = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');
    world.git.git('config', '--local', 'http.https://github.com/.extraheader', `AUTHORIZATION: basic ${basic}`);
    const { done } = startCli(world, SECRETS);
    const result = await done;
    expect(result.stderr).not.toMatch(/internal error/);
    const env = readFileSync(path.join(world.out, 'head.env'), 'utf8');
    const seen = `${env}\n${readFileSync(path.join(world.out, 'head.git'), 'utf8')}`;
    for (const name of [
      'AWS_ACCESS_KEY_ID',
      'GITHUB_ENV',
      'GITHUB_OUTPUT',
      'NPM_AUTH',
      'DOCKER_AUTH_CONFIG',
      'GOOGLE_APPLICATION_CREDENTIALS',
      'GITHUB_TOKEN',
    ]) {
      expect(env).not.toMatch(new RegExp(`^${name}=`, 'm'));
    }
    for (const secret of [TOKEN, basic, 'extraheader', 'AKIAFAKESECRET', 'npm-auth-secret', 'ghs_envTokenSecret', 'gcp-secret']) {
      expect(seen).not.toContain(secret);
    }
    // What a benchmark needs still comes through: PATH, GPU selection, the names `env:` passes.
    expect(env).toMatch(/^PATH=/m);
    expect(env).toContain('CUDA_VISIBLE_DEVICES=0');
    expect(env).toContain('HF_HOME=/models/hf-cache');
    expect(env).not.toContain(`HOME=${process.env.HOME}\n`);
    // It ran in a copy of the tree, outside the checkout, which is gone afterwards.
    const cwd = readFileSync(path.join(world.out, 'head.pwd'), 'utf8').trim();
    expect(cwd.startsWith(world.git.dir)).toBe(false);
    expect(existsSync(cwd)).toBe(false);
    expectNothingLeft(world);
  });
});

describe('run mode cannot hang or leave anything behind (defect 11)', () => {
  it('a FIFO as the results file is refused, naming it, and the CLI returns', async () => {
    const results = 'echo \'{"unit": "ms", "benchmarks": {"x": [1, 2, 3]}}\' > results.json\n';
    const world = setUp('    file: results.json\n    time_limit: 120\n', () => 'rm -f results.json; mkfifo results.json\n', results);
    const result = await startCli(world).done;
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout);
    expect(report.rules[0].findings[0]).toMatchObject({ status: 'error' });
    expect(report.rules[0].findings[0].message).toMatch(/results\.json on the head is a named pipe \(FIFO\), not a regular file/);
    expectNothingLeft(world);
  });

  it('a results file the command makes 3 GB (sparse) is refused from its size, before a byte is read', async () => {
    const results = 'echo \'{"unit": "ms", "benchmarks": {"x": [1, 2, 3]}}\' > results.json\n';
    const world = setUp(
      '    file: results.json\n    time_limit: 120\n',
      () => 'rm -f results.json; truncate -s 3G results.json\n',
      results,
    );
    const result = await startCli(world).done;
    expect(result.code).toBe(2);
    const finding = JSON.parse(result.stdout).rules[0].findings[0];
    expect(finding).toMatchObject({ status: 'error', file: 'results.json' });
    expect(finding.message).toMatch(/results\.json is 3\.0 GiB; files larger than 64\.0 MiB are not read/);
    expectNothingLeft(world);
  });

  it('processes the command starts with setsid or a double fork are killed when the invocation ends', async () => {
    const world = setUp('', (out) =>
      [
        `echo "$ML_GUARDRAILS_RUN_ID" >> ${out}/ids`,
        'setsid sleep 1000 &',
        '(setsid sh -c "sleep 1000; true" &)',
        'sleep 1000 &',
        'true',
      ].join('\n'),
    );
    const result = await startCli(world).done;
    expect(result.stderr).not.toMatch(/internal error/);
    expect(JSON.parse(result.stdout).rules[0].status).not.toBe('error');
    expect(survivors(path.join(world.out, 'ids'))).toEqual([]);
    expectNothingLeft(world);
  });

  it('a time-limit kill leaves no process, tree copy or temporary folder', async () => {
    // A limit long enough for the command to start on a busy machine: it then sleeps past it.
    const world = setUp('    time_limit: 5\n', (out) =>
      [`echo "$ML_GUARDRAILS_RUN_ID" >> ${out}/ids`, 'setsid sleep 1000 &', 'sleep 1000'].join('\n'),
    );
    const result = await startCli(world).done;
    expect(result.stderr).not.toMatch(/internal error/);
    expect(JSON.parse(result.stdout).rules[0].findings[0].message).toMatch(/time limit ended the runs/);
    expect(survivors(path.join(world.out, 'ids'))).toEqual([]);
    expectNothingLeft(world);
  });

  it('SIGTERM to the CLI mid-run kills the command and removes the copies before it exits', async () => {
    const world = setUp('', (out) =>
      [`echo "$ML_GUARDRAILS_RUN_ID" >> ${out}/ids`, 'setsid sleep 1000 &', `touch ${out}/started`, 'sleep 1000'].join('\n'),
    );
    const { child, done } = startCli(world);
    // Signalled once the PR's command is running (a state, not a guess at how long that takes).
    while (!existsSync(path.join(world.out, 'started'))) await delay(20);
    child.kill('SIGTERM');
    const result = await done;
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('stopped by SIGTERM');
    expect(survivors(path.join(world.out, 'ids'))).toEqual([]);
    expectNothingLeft(world);
  });
});
