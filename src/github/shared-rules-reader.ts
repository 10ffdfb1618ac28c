import type { ReadSharedFile } from '../config/extends.js';
import { ConfigError } from '../errors.js';
import { callApi, GitHubApiError } from './api-error.js';
import type { GitHubClient } from './octokit.js';

/**
 * `extends:` reads through the contents API at the shared repository's default branch, with the
 * door's client (the App's installation, the Action's token), once per file per evaluation.
 * A token that may not read it is told apart from a file that does not exist.
 */
export function createSharedFileReader(client: GitHubClient): ReadSharedFile {
  const cache = new Map<string, Promise<string | null>>();
  return (owner, repo, path) => {
    const key = `${owner}/${repo}:${path}`;
    let found = cache.get(key);
    if (found === undefined) {
      found = readFile(client, owner, repo, path);
      cache.set(key, found);
    }
    return found;
  };
}

async function readFile(client: GitHubClient, owner: string, repo: string, path: string): Promise<string | null> {
  try {
    const { data } = await callApi(`read ${owner}/${repo}:${path}`, () => client.rest.repos.getContent({ owner, repo, path }));
    if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) return null;
    return Buffer.from(data.content, 'base64').toString('utf8');
  } catch (error) {
    if (error instanceof GitHubApiError && error.status === 404) return null;
    if (error instanceof GitHubApiError && (error.status === 401 || error.status === 403)) {
      throw new ConfigError(`extends: the token cannot read ${owner}/${repo} (GitHub answered ${error.status})`, {
        hint: `install the App on ${owner}/${repo}, or give the workflow a token that can read it (a GITHUB_TOKEN reads only its own repository)`,
      });
    }
    throw error;
  }
}
