import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_NOTES_REF } from '../git/history.js';
import { fetchNotes } from '../git/notes.js';
import { fetchMissingBlobs } from '../git/partial-clone.js';
import { runGit, tryGit } from '../git/run-git.js';

export interface FetchRequest {
  /** https://github.com/owner/repo.git (the payload's clone_url); never carries the token. */
  cloneUrl: string;
  token: string;
  /** Head first, then base; the blobs of their trees and of their merge-base are fetched. */
  shas: string[];
  signal: AbortSignal;
}

/**
 * Fetches `shas` into a fresh temporary repository and hands it to `use`; the folder is removed
 * afterwards whatever happens. The history comes without blobs (`--filter=blob:none`), enough
 * for merge-bases; then only the blobs of the requested commits' trees are fetched, so the
 * engine's reads never trigger a lazy fetch (which would run without credentials).
 *
 * The token travels as an HTTP header in GIT_CONFIG_* environment variables of the git process:
 * never in the remote URL, .git/config, argv or a credential file.
 */
export async function withFetchedCommits<T>(request: FetchRequest, use: (repoDir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ml-guardrails-app-'));
  try {
    const git = (args: string[], auth = false) =>
      runGit(dir, args, { signal: request.signal, ...(auth ? { env: authEnv(request.token) } : {}) });
    await git(['init', '-q']);
    await git(['remote', 'add', 'origin', request.cloneUrl]);
    await git(['fetch', '-q', '--no-tags', '--no-write-fetch-head', '--filter=blob:none', 'origin', ...request.shas], true);
    // The baseline is the merge-base of head and base: its files are read too.
    const [head, base] = request.shas;
    const mergeBase = head && base ? await tryGit(dir, ['merge-base', head, base], { signal: request.signal }) : null;
    const trees = mergeBase ? [...request.shas, mergeBase] : request.shas;
    // Results measured on earlier commits (benchmarks, metrics made in CI) are git notes; none is normal.
    const notes = await fetchNotes(dir, 'origin', DEFAULT_NOTES_REF, { env: authEnv(request.token), signal: request.signal }).catch(
      () => false,
    );
    await fetchMissingBlobs(dir, [...trees, ...(notes ? [DEFAULT_NOTES_REF] : [])], {
      env: authEnv(request.token),
      signal: request.signal,
    });
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `Authorization: basic base64(x-access-token:TOKEN)` for this process only, as actions/checkout does. */
export function authEnv(token: string): Record<string, string> {
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'http.extraHeader',
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: ${basicAuthorization(token)}`,
  };
}

/** The Authorization header git and Git LFS send to GitHub with an installation token. */
export function basicAuthorization(token: string): string {
  return `basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;
}
