// A client for the library-level tests: real Octokit with its plugins, short bounds, no spacing.
import { createGitHubClient, type GitHubClient } from '../../src/github/octokit.js';
import type { Standin } from '../../standin/index.js';

export function testClient(gh: Standin, repo = 'acme/models'): GitHubClient {
  return createGitHubClient({
    token: gh.createWorkflowToken({ repo }),
    baseUrl: gh.apiUrl,
    limits: { maxWaitMs: 1000, requestTimeoutMs: 2000, writeSpacingMs: 0 },
  });
}
