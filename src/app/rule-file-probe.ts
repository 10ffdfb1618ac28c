import { DEFAULT_CONFIG_PATHS } from '../config/load-config.js';
import { callApi, GitHubApiError } from '../github/api-error.js';
import type { RepoRef } from '../github/check-run.js';
import type { GitHubClient } from '../github/octokit.js';

/**
 * Whether the repository opted in: a rule file at the head or at the base. Asked through the
 * contents API (a few small requests) before anything is cloned or shown, so repositories
 * without guardrails see no check run and no comment.
 */
export async function hasRuleFile(client: GitHubClient, repo: RepoRef, shas: string[]): Promise<boolean> {
  for (const sha of shas) {
    for (const path of DEFAULT_CONFIG_PATHS) {
      if (await fileExists(client, repo, path, sha)) return true;
    }
  }
  return false;
}

async function fileExists(client: GitHubClient, repo: RepoRef, path: string, ref: string): Promise<boolean> {
  try {
    await callApi(`read ${path}`, () => client.rest.repos.getContent({ ...repo, path, ref }));
    return true;
  } catch (error) {
    if (error instanceof GitHubApiError && error.status === 404) return false;
    throw error;
  }
}
