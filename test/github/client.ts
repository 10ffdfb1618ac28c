// A client for the library-level tests: the Action's real client (@actions/github with the policy), short bounds, no spacing.
import { createActionClient } from '../../src/action/github-client.js';
import type { GitHubClient } from '../../src/github/octokit.js';
import type { Standin } from '../../standin/index.js';

export function testClient(gh: Standin, repo = 'acme/models'): GitHubClient {
  return createActionClient({
    token: gh.createWorkflowToken({ repo }),
    baseUrl: gh.apiUrl,
    limits: { maxWaitMs: 1000, requestTimeoutMs: 30_000, writeSpacingMs: 0 },
  });
}
