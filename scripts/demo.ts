// `npm run demo`: the whole product with no GitHub account. A local GitHub stand-in serves the
// sample ML repository with its pull request open (a retrained model on a broken data export);
// 1. the GitHub App, started as `npm start` starts it, receives the signed pull_request webhook;
// 2. the bundled GitHub Action (dist/index.js) runs on the same pull request as a runner would.
// The terminal gets each door's check run and the Action's report as the CLI prints it; the PR
// comments go to an HTML page drawn as GitHub shows them (`--page FILE`, else .cache/demo/).
// Exit code 0 when both blocked the pull request with a report, 1 otherwise.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Report } from '../src/report/model.js';
import { renderText } from '../src/report/render-text.js';
import type { Standin } from '../standin/index.js';
import { ROOT, startAppProcess, waitUntilIdle } from '../test/app/app-process.js';
import { type PageComment, renderCommentPage } from '../test/report/comment-page.js';
import { openSamplePullRequest, runActionOnSamplePullRequest } from '../test/support/sample-pull-request.js';

const CHECK = 'ML Guardrails';

interface Seen {
  conclusion: string | null;
  comment: PageComment | undefined;
}

/** The check run and the comment a door left, printed in two lines; links point at github.com. */
function look(gh: Standin, door: string): Seen {
  const run = gh.state.checkRuns.find((r) => r.name === CHECK);
  const conclusion = run?.conclusion ?? null;
  console.log(`   check run "${CHECK}": ${conclusion ?? 'not completed'}${run?.output.title ? ` · ${run.output.title}` : ''}`);
  const posted = gh.state.comments[0];
  if (posted === undefined) {
    console.log('   PR comment: none');
    return { conclusion, comment: undefined };
  }
  const markdown = posted.body.replaceAll(gh.url, 'https://github.com');
  const charts = markdown.match(/^```mermaid$/gm)?.length ?? 0;
  console.log(`   PR comment by ${posted.user} (${charts} chart${charts === 1 ? '' : 's'}): on the page named at the end`);
  const note = `${door}; check run "${CHECK}": ${conclusion ?? 'not completed'}`;
  return { conclusion, comment: { author: posted.user, note, markdown } };
}

async function throughTheApp(scratch: string): Promise<Seen> {
  console.log('\n1. The GitHub App, started as `npm start` starts it');
  const { gh } = await openSamplePullRequest(path.join(scratch, 'app'));
  const app = await startAppProcess(gh, scratch);
  try {
    const delivery = await gh.sendWebhook('pull_request.opened', { repo: 'penguins', targetUrl: `${app.url}/api/github/webhooks` });
    console.log(`   webhook pull_request.opened → the App answered ${delivery.status}`);
    await waitUntilIdle(app.url);
    gh.assertNoViolations();
    return look(gh, 'the GitHub App');
  } finally {
    app.child.kill('SIGTERM');
    await app.exited;
    await gh.close();
  }
}

async function throughTheAction(scratch: string): Promise<Seen> {
  console.log('\n2. The GitHub Action (dist/index.js), run as a runner runs it');
  const pr = await openSamplePullRequest(path.join(scratch, 'action'));
  try {
    const run = await runActionOnSamplePullRequest(pr, scratch);
    console.log(`   the step exited with ${run.code}`);
    const seen = look(pr.gh, 'the GitHub Action');
    const reportFile = run.outputs.report;
    if (reportFile) {
      // The report the Action wrote (its `report` output), as `ml-guardrails check` prints it.
      const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
      console.log('   its report (the `report` output), as the CLI prints it:\n');
      const text = renderText(report, { color: process.stdout.isTTY === true });
      console.log(text.trimEnd().replace(/^(?=.)/gm, '   '));
    }
    return seen;
  } finally {
    await pr.gh.close();
  }
}

async function writePage(file: string, seen: Seen[]): Promise<void> {
  const comments = seen.flatMap((s) => (s.comment === undefined ? [] : [s.comment]));
  const html = await renderCommentPage('The sample pull request as a reviewer sees it on GitHub', comments);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, html);
}

const { values } = parseArgs({ options: { page: { type: 'string' } } });
const page = path.resolve(values.page ?? path.join(ROOT, '.cache', 'demo', 'comment.html'));
const scratch = mkdtempSync(path.join(tmpdir(), 'ml-guardrails-demo-'));
let ok = false;
console.log('The sample ML pull request (acme/penguins: feature/smaller-model → main) on a local GitHub stand-in');
try {
  const app = await throughTheApp(scratch);
  const action = await throughTheAction(scratch);
  await writePage(page, [app, action]);
  const shown = path.relative(process.cwd(), page);
  console.log(`\nOpen ${shown.startsWith('..') ? page : shown} to see both PR comments as GitHub shows them.`);
  // The sample PR breaks its data contract and drops accuracy: both doors must block it, with a report.
  ok = [app, action].every((seen) => seen.conclusion === 'failure' && seen.comment !== undefined);
} catch (error) {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(ok ? 'demo: both doors blocked the pull request with a report' : 'demo: FAILED (see above)');
process.exit(ok ? 0 : 1);
