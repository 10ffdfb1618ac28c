import { Octokit } from '@octokit/rest';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type Standin, startStandin } from '../../standin/index.js';

let gh: Standin;
beforeEach(async () => {
  gh = await startStandin({
    repos: [{ owner: 'acme', name: 'models', files: { 'metrics.json': '{"accuracy":0.91}\n' } }],
  });
});
afterEach(async () => {
  gh.assertNoViolations(); // throws, naming the schema path, if anything broke GitHub's contract
  await gh.close();
});

it('reports on a pull request', async () => {
  // A branch and a pull request, committed into the stand-in's real bare repository.
  const sha = await gh.commitFiles({ repo: 'models', branch: 'retrain', files: { 'metrics.json': '{"accuracy":0.87}\n' } });
  gh.addPullRequest({ repo: 'models', head: 'retrain', title: 'Retrain' });

  // Deliver a signed pull_request.opened (from @octokit/webhooks-examples, fitted to this repo)
  // to the app under test, e.g. a Probot server started with appId / privateKey / webhookSecret
  // from `gh` and baseUrl gh.apiUrl. Here the "app" is a few lines of Octokit instead.
  // const delivery = await gh.sendWebhook('pull_request.opened', { targetUrl: `${appUrl}/api/github/webhooks` });
  const octokit = new Octokit({ auth: gh.createInstallationToken(), baseUrl: gh.apiUrl });
  await octokit.checks.create({
    owner: 'acme',
    repo: 'models',
    name: 'ml-guardrails',
    head_sha: sha,
    conclusion: 'failure',
    output: { title: 'accuracy dropped', summary: '0.91 -> 0.87' },
  });

  expect(gh.state.checkRuns[0]).toMatchObject({ name: 'ml-guardrails', conclusion: 'failure', headSha: sha });
});

// --- README sync: everything above is the example in standin/README.md, verbatim. ---
import { readFileSync } from 'node:fs';

it('is the example that standin/README.md shows', () => {
  const readme = readFileSync(new URL('../../standin/README.md', import.meta.url), 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const self = readFileSync(new URL(import.meta.url), 'utf8').split('// --- README sync')[0];
  expect(self).toBe(block.replace("'../standin/index.js'", "'../../standin/index.js'"));
});
