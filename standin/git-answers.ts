// Answers about a repository's commits that can never change, kept so that a client asking
// again does not start git again. A commit never leaves a repository here (nothing rewrites or
// prunes objects), and whatever is read at a full SHA (its tree, its diff against another SHA,
// its ancestors) is fixed by that SHA. Each evaluation reads the same head through several
// endpoints (contents, commits, compare, check runs): in the suite this saves most of the
// stand-in's git processes.

const FULL_SHA = /^[0-9a-f]{40}$/;

/** Keeps at most this many answers per repository (a long-running demo must not grow forever). */
const MAX_ANSWERS = 2_000;

interface RepositoryAnswers {
  commits: Set<string>;
  answers: Map<string, Promise<unknown>>;
}

const repositories = new Map<string, RepositoryAnswers>();

function answersFor(gitDir: string): RepositoryAnswers {
  let found = repositories.get(gitDir);
  if (found === undefined) {
    found = { commits: new Set(), answers: new Map() };
    repositories.set(gitDir, found);
  }
  return found;
}

export function isFullSha(ref: string): boolean {
  return FULL_SHA.test(ref);
}

export function isKnownCommit(gitDir: string, sha: string): boolean {
  return repositories.get(gitDir)?.commits.has(sha) ?? false;
}

export function rememberCommit(gitDir: string, sha: string): void {
  if (isFullSha(sha)) answersFor(gitDir).commits.add(sha);
}

/**
 * The answer `read` gives for `key`, computed once per repository when every revision in the key
 * is a full SHA (a branch name could move); a failed read is not kept.
 */
export function rememberAnswer<T>(gitDir: string, revisions: string[], key: string, read: () => Promise<T>): Promise<T> {
  if (!revisions.every(isFullSha)) return read();
  const { answers } = answersFor(gitDir);
  const cacheKey = `${key}\0${revisions.join('\0')}`;
  const known = answers.get(cacheKey);
  if (known !== undefined) return known as Promise<T>;
  if (answers.size >= MAX_ANSWERS) answers.delete(answers.keys().next().value as string);
  const pending = read();
  answers.set(cacheKey, pending);
  pending.catch(() => answers.delete(cacheKey));
  return pending;
}

/** Forgets every repository at or below `root`: its folder is new, or gone. */
export function forgetRepositories(root: string): void {
  for (const gitDir of repositories.keys()) {
    if (gitDir === root || gitDir.startsWith(`${root}/`)) repositories.delete(gitDir);
  }
}
