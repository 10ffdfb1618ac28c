// One stand-in per test holding the sample ML repository, a pull request on it, and a real
// `git clone` over HTTP as the runner's workspace.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach } from 'vitest';
import type { SampleRepo, SampleRepoOptions } from '../../fixtures/sample-repo/build-sample-repo.js';
import type { Standin } from '../../standin/index.js';
import { type ActionRun, runAction } from '../support/run-action.js';
import { copySampleRepo } from '../support/sample-repo.js';
import { startTestStandin } from '../support/standin.js';

const run = promisify(execFile);

export const OWNER = 'acme';
export const REPO = 'penguins';
export const FULL_NAME = `${OWNER}/${REPO}`;

export interface ActionWorld {
  gh: Standin;
  sample: SampleRepo;
  scratch: string;
  token: string;
  prNumber: number;
  /** Clones the stand-in repository and checks out `ref` (a branch or SHA), as actions/checkout does. */
  checkout(ref: string): Promise<string>;
  git(cwd: string, ...args: string[]): string;
  /** Runs dist/index.js for `event` ("pull_request.opened", "push", ...) on a checkout of `ref`. */
  run(event: string, options?: RunOptions): Promise<ActionRun>;
}

export interface RunOptions {
  /** GITHUB_EVENT_NAME when it differs from the payload's (pull_request_target sends a pull_request payload). */
  eventName?: string;
  ref?: string;
  inputs?: Record<string, string>;
  token?: string;
  workspace?: string;
  patch?: (payload: Record<string, unknown>) => void;
  env?: Record<string, string>;
  dist?: string;
  /** Run the committed bundle as a child process (default: the Action's run() in-process). */
  bundle?: boolean;
}

export function useActionWorld(options: SampleRepoOptions = {}): () => ActionWorld {
  let world: ActionWorld | undefined;
  beforeEach(async () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'mlg-action-'));
    const sample = copySampleRepo(path.join(scratch, 'sample'), options);
    const gh = await startTestStandin({ repos: [{ owner: OWNER, name: REPO, path: sample.dir, defaultBranch: 'main' }] });
    const pr = gh.addPullRequest({ repo: REPO, head: sample.prBranch, base: sample.mainBranch, title: 'Distil the classifier' });
    const token = gh.createWorkflowToken({ repo: FULL_NAME });
    const git = (cwd: string, ...args: string[]) =>
      execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    let clones = 0;
    const checkout = async (ref: string) => {
      const dir = path.join(scratch, `workspace-${(clones += 1)}`);
      // Asynchronous: the stand-in answering the clone runs in this process.
      await run('git', ['clone', '-q', gh.cloneUrl(REPO, token), dir], { cwd: scratch });
      git(dir, '-c', 'advice.detachedHead=false', 'checkout', '-q', ref);
      return dir;
    };
    world = {
      gh,
      sample,
      scratch,
      token,
      prNumber: pr.number,
      checkout,
      git,
      async run(event, o = {}) {
        const [payloadName = event] = event.split('.');
        const name = o.eventName ?? payloadName;
        const payload = await gh.webhookPayload(event, { repo: REPO, patch: o.patch });
        const ref = o.ref ?? defaultRef(payloadName, payload);
        const workspace = o.workspace ?? (await checkout(ref));
        const sha = git(path.resolve(workspace, o.inputs?.['working-directory'] ?? '.'), 'rev-parse', 'HEAD');
        return runAction({
          eventName: name,
          payload,
          workspace,
          scratch,
          apiUrl: gh.apiUrl,
          repository: FULL_NAME,
          sha,
          ref: name === 'pull_request' || name === 'pull_request_target' ? `refs/pull/${pr.number}/merge` : 'refs/heads/main',
          inputs: o.inputs,
          token: o.token ?? token,
          env: o.env,
          dist: o.dist,
          bundle: o.bundle,
        });
      },
    };
  });
  afterEach(async () => {
    const current = world;
    world = undefined;
    try {
      current?.gh.assertNoViolations();
    } finally {
      await current?.gh.close();
      if (current) rmSync(current.scratch, { recursive: true, force: true });
    }
  });
  return () => {
    if (!world) throw new Error('action world not set up');
    return world;
  };
}

function defaultRef(eventName: string, payload: Record<string, unknown>): string {
  if (eventName === 'pull_request') return String((payload.pull_request as { head: { sha: string } }).head.sha);
  if (eventName === 'push') return String(payload.after);
  return 'main';
}
