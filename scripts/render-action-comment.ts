// Prints the PR comment the Action writes for the sample repository's pull request, produced by
// running dist/index.js against the stand-in (the README shows this output; a test keeps
// the two in step). Local addresses become github.com so the rendering reads as it would there.
// With --docs, writes the comment the engine and renderer make for the same pull request into
// docs/reading-the-report.md instead (test/report/docs-sample.test.ts keeps that one current).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOCS_PAGE, replaceDocsSample } from '../test/report/docs-sample.js';
import { renderSamplePullRequest } from '../test/report/sample-comments.js';
import { openSamplePullRequest, runActionOnSamplePullRequest } from '../test/support/sample-pull-request.js';

export async function renderSampleComment(): Promise<string> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'mlg-comment-'));
  const pr = await openSamplePullRequest(scratch);
  const { gh } = pr;
  try {
    await runActionOnSamplePullRequest(pr, scratch);
    const body = gh.state.comments[0]?.body;
    if (body === undefined) throw new Error('the action wrote no comment');
    return body.replaceAll(gh.url, 'https://github.com');
  } finally {
    await gh.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--docs')) {
    const { markdown } = await renderSamplePullRequest();
    writeFileSync(DOCS_PAGE, replaceDocsSample(readFileSync(DOCS_PAGE, 'utf8'), markdown));
    process.stdout.write(`wrote the sample comment into ${DOCS_PAGE}\n`);
  } else {
    process.stdout.write(await renderSampleComment());
  }
}
