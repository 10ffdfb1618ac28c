// `npm run demo`: the whole product with no GitHub account. A local GitHub stand-in serves the
// sample ML repository with its pull request open (a retrained model on a broken data export);
// 1. the GitHub App, started as `npm start` starts it, receives the signed pull_request webhook;
// 2. the bundled GitHub Action (dist/index.js) runs on the same pull request as a runner would.
// Each time it prints what a reviewer sees: the check's conclusion and the PR comment.
// Exit code 0 when both blocked the pull request with a report, 1 otherwise.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAppProcess, waitUntilIdle } from '../test/app/app-process.js';
import { openSamplePullRequest, runActionOnSamplePullRequest } from '../test/support/sample-pull-request.js';

const CHECK = 'ML Guardrails';

interface Seen {
  conclusion: string | null;
  comment: string | undefined;
}

function show(title: string, seen: Seen, url: string): void {
  console.log(`\n# ${title}`);
  console.log(`\nCheck "${CHECK}": ${seen.conclusion ?? 'not completed'}\n`);
  console.log(seen.comment === undefined ? '(no comment)' : seen.comment.replaceAll(url, 'https://github.com'));
}

async function throughTheApp(scratch: string): Promise<Seen> {
  const { gh } = await openSamplePullRequest(path.join(scratch, 'app'));
  const app = await startAppProcess(gh, scratch);
  try {
    const delivery = await gh.sendWebhook('pull_request.opened', { repo: 'penguins', targetUrl: `${app.url}/api/github/webhooks` });
    console.log(`webhook pull_request.opened → the App answered ${delivery.status}`);
    await waitUntilIdle(app.url);
    const seen = { conclusion: gh.state.checkRuns.find((r) => r.name === CHECK)?.conclusion ?? null, comment: gh.state.comments[0]?.body };
    show('The GitHub App (npm start) on the sample pull request', seen, gh.url);
    gh.assertNoViolations();
    return seen;
  } finally {
    app.child.kill('SIGTERM');
    await app.exited;
    await gh.close();
  }
}

async function throughTheAction(scratch: string): Promise<Seen> {
  const pr = await openSamplePullRequest(path.join(scratch, 'action'));
  const { gh } = pr;
  try {
    const run = await runActionOnSamplePullRequest(pr, scratch);
    console.log(`\nthe Action (dist/index.js) exited with ${run.code}`);
    const seen = { conclusion: gh.state.checkRuns.find((r) => r.name === CHECK)?.conclusion ?? null, comment: gh.state.comments[0]?.body };
    show('The GitHub Action (dist/index.js) on the same pull request', seen, gh.url);
    return seen;
  } finally {
    await gh.close();
  }
}

const scratch = mkdtempSync(path.join(tmpdir(), 'ml-guardrails-demo-'));
let ok = false;
try {
  const app = await throughTheApp(scratch);
  const action = await throughTheAction(scratch);
  // The sample PR breaks its data contract and drops accuracy: both doors must block it, with a report.
  ok = [app, action].every((seen) => seen.conclusion === 'failure' && seen.comment !== undefined);
} catch (error) {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(ok ? '\ndemo: both doors blocked the pull request with a report' : '\ndemo: FAILED (see above)');
process.exit(ok ? 0 : 1);
