// The sample repository served by a local GitHub stand-in with its pull request open, and the
// PR head cloned over HTTP as a runner's workspace: what the demo, the comment rendering and
// the Action benchmark all start from.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { SampleRepo } from '../../fixtures/sample-repo/build-sample-repo.js';
import type { Standin } from '../../standin/index.js';
import { type ActionRun, runAction } from './run-action.js';
import { copySampleRepo } from './sample-repo.js';
import { startTestStandin } from './standin.js';

const exec = promisify(execFile);

export interface SamplePullRequest {
  sample: SampleRepo;
  gh: Standin;
  /** A workflow token for acme/penguins. */
  token: string;
  /** A clone of the stand-in's repository with the PR head checked out. */
  workspace: string;
}

export async function openSamplePullRequest(scratch: string): Promise<SamplePullRequest> {
  const sample = copySampleRepo(path.join(scratch, 'sample'));
  const gh = await startTestStandin({ repos: [{ owner: 'acme', name: 'penguins', path: sample.dir }] });
  gh.addPullRequest({ repo: 'penguins', head: sample.prBranch, base: 'main' });
  const token = gh.createWorkflowToken({ repo: 'acme/penguins' });
  const workspace = path.join(scratch, 'workspace');
  await exec('git', ['clone', '-q', gh.cloneUrl('penguins', token), workspace]);
  await exec('git', ['-c', 'advice.detachedHead=false', 'checkout', '-q', sample.prTip], { cwd: workspace });
  return { sample, gh, token, workspace };
}

/**
 * Runs the committed Action bundle (dist/index.js, as a runner does) on the sample pull request:
 * what the demo, the comment rendering and the Action benchmark all do.
 */
export async function runActionOnSamplePullRequest(
  pr: SamplePullRequest,
  scratch: string,
  options: { event?: string; env?: Record<string, string> } = {},
): Promise<ActionRun> {
  const payload = await pr.gh.webhookPayload(options.event ?? 'pull_request.opened', { repo: 'penguins' });
  return runAction({
    eventName: 'pull_request',
    payload,
    workspace: pr.workspace,
    scratch,
    apiUrl: pr.gh.apiUrl,
    repository: 'acme/penguins',
    sha: pr.sample.prTip,
    ref: 'refs/pull/1/merge',
    token: pr.token,
    env: options.env,
    bundle: true,
  });
}
