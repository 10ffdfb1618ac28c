import { callApi } from './api-error.js';
import type { RepoRef } from './check-run.js';
import type { GitHubClient } from './octokit.js';

/** Past this, an in-progress run of our check is dead (a killed runner, a crashed App instance). */
export const STALE_AFTER_MS = 30 * 60_000;

export interface StaleQuery {
  name: string;
  headSha: string;
  /** This run's key, `<run>:<attempt>`: an earlier attempt of the same run is over for certain. */
  runKey: string | undefined;
  now?: number;
}

/**
 * Check runs of this check on this head that are still `in_progress` but owned by no live run:
 * an earlier attempt of the same workflow run (GitHub re-runs only finished runs), or one older
 * than any evaluation may take. Live racing runs are left alone: each completes its own.
 */
export async function findStaleCheckRuns(client: GitHubClient, repo: RepoRef, query: StaleQuery): Promise<number[]> {
  const { data } = await callApi('list the check runs of this commit', () =>
    client.rest.checks.listForRef({
      ...repo,
      ref: query.headSha,
      check_name: query.name,
      status: 'in_progress',
      filter: 'all',
      per_page: 100,
    }),
  );
  const now = query.now ?? Date.now();
  const [run, attempt] = splitKey(query.runKey);
  return data.check_runs
    .filter((checkRun) => {
      const [otherRun, otherAttempt] = splitKey(checkRun.external_id ?? undefined);
      if (run !== undefined && otherRun === run && otherAttempt !== undefined && attempt !== undefined && otherAttempt < attempt)
        return true;
      const started = checkRun.started_at === null ? Number.NaN : Date.parse(checkRun.started_at);
      return Number.isFinite(started) && now - started > STALE_AFTER_MS;
    })
    .map((checkRun) => checkRun.id);
}

function splitKey(key: string | undefined): [string | undefined, number | undefined] {
  if (key === undefined) return [undefined, undefined];
  const at = key.lastIndexOf(':');
  if (at <= 0) return [key, undefined];
  const attempt = Number(key.slice(at + 1));
  return [key.slice(0, at), Number.isInteger(attempt) ? attempt : undefined];
}
