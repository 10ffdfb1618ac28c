// Resolving refs and SHAs the way the REST API answers when they do not exist.
import { resolveCommit } from '../git-repos.js';
import { HttpError } from '../http-kit.js';
import type { RepoRecord } from '../state.js';

/** Accepts a SHA, a branch, a tag or a full ref; 422 "No commit found" otherwise. */
export async function resolveShaOr422(repo: RepoRecord, ref: string, message = `No commit found for SHA: ${ref}`): Promise<string> {
  const sha = await resolveRef(repo, ref);
  if (!sha) throw new HttpError(422, message);
  return sha;
}

export async function resolveRef(repo: RepoRecord, ref: string): Promise<string | undefined> {
  if (ref.startsWith('-')) return undefined;
  return resolveCommit(repo.gitDir, ref);
}

export function nowIso(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}
