// Prints the PR comment the Action writes for the sample repository's pull request, produced by
// running dist/index.js against the stand-in (the README shows this output; a test keeps
// the two in step). Local addresses become github.com so the rendering reads as it would there.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildSampleRepo } from '../fixtures/sample-repo/build-sample-repo.js';
import { startStandin } from '../standin/index.js';
import { runAction } from '../test/support/run-action.js';

const exec = promisify(execFile);

export async function renderSampleComment(): Promise<string> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'mlg-comment-'));
  const sample = buildSampleRepo(path.join(scratch, 'sample'));
  const gh = await startStandin({ repos: [{ owner: 'acme', name: 'penguins', path: sample.dir }] });
  try {
    gh.addPullRequest({ repo: 'penguins', head: sample.prBranch, base: 'main' });
    const token = gh.createWorkflowToken({ repo: 'acme/penguins' });
    const workspace = path.join(scratch, 'workspace');
    await exec('git', ['clone', '-q', gh.cloneUrl('penguins', token), workspace]);
    await exec('git', ['-c', 'advice.detachedHead=false', 'checkout', '-q', sample.prTip], { cwd: workspace });
    const payload = await gh.webhookPayload('pull_request.opened', { repo: 'penguins' });
    await runAction({ eventName: 'pull_request', payload, workspace, scratch, apiUrl: gh.apiUrl, repository: 'acme/penguins', sha: sample.prTip, ref: 'refs/pull/1/merge', token });
    const body = gh.state.comments[0]?.body;
    if (body === undefined) throw new Error('the action wrote no comment');
    return body.replaceAll(gh.url, 'https://github.com');
  } finally {
    await gh.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(await renderSampleComment());
}
