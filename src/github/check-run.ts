import type { Annotation } from './annotations.js';
import { callApi } from './api-error.js';
import type { GitHubClient } from './octokit.js';
import { GITHUB_TEXT_LIMIT, truncateMarkdown } from './truncate-markdown.js';

export interface RepoRef {
  owner: string;
  repo: string;
}

export type CheckConclusion = 'success' | 'failure' | 'neutral' | 'cancelled' | 'action_required';

export interface CheckOutput {
  conclusion: CheckConclusion;
  title: string;
  summary: string;
  annotations: Annotation[];
  /** The run's `output.text`: where the report travels as data for the other door (see action-pairing.ts). */
  text?: string | undefined;
  /** The verdict and the blocking rule ids: what a summary too long for GitHub keeps first (check-digest.ts). */
  digest?: string | undefined;
}

/**
 * What the run's summary and text may hold. GitHub counts characters and refuses more than
 * 65,535; a JavaScript length counts UTF-16 units, never fewer, and the margin covers the rest.
 */
export const CHECK_TEXT_LIMIT = GITHUB_TEXT_LIMIT - 535;

/** The Checks API takes at most 50 annotations per request; more need further updates. */
export const ANNOTATIONS_PER_REQUEST = 50;
/** Past this many, more annotations only cost API calls: the summary lists everything anyway. */
export const MAX_ANNOTATIONS = 500;
const MAX_CHECK_TITLE = 255;

/** Creates the check run as `in_progress`, so the PR shows the guardrails are running. */
export async function startCheckRun(
  client: GitHubClient,
  repo: RepoRef,
  run: { name: string; headSha: string; detailsUrl?: string | undefined; externalId?: string | undefined },
): Promise<number> {
  const { data } = await callApi('create the check run', () =>
    client.rest.checks.create({
      ...repo,
      name: run.name,
      head_sha: run.headSha,
      status: 'in_progress',
      started_at: new Date().toISOString(),
      ...(run.detailsUrl ? { details_url: run.detailsUrl } : {}),
      ...(run.externalId ? { external_id: run.externalId } : {}),
      output: { title: 'Evaluating ML guardrails…', summary: 'The rules in the rule file are being checked against the baseline.' },
    }),
  );
  return data.id;
}

/**
 * Completes the run with its conclusion and the first 50 annotations in one request, so the run
 * is final even if a later request fails; the remaining annotations follow in batches of 50,
 * which GitHub appends to the run's output.
 */
export async function completeCheckRun(
  client: GitHubClient,
  repo: RepoRef,
  checkRunId: number,
  output: CheckOutput,
): Promise<{ requests: number; annotations: number }> {
  const title = clipTitle(output.title);
  const kept = output.annotations.slice(0, MAX_ANNOTATIONS);
  const omitted = output.annotations.length - kept.length;
  const summary = fitSummary(
    omitted > 0
      ? `${output.summary}\n\n_${omitted} more annotations are not shown; the tables above list every finding._\n`
      : output.summary,
    output.digest,
  );
  // The text is data for the other door (action-pairing.ts fits it); one that still does not fit is left out, never cut.
  const text = output.text !== undefined && output.text.length <= CHECK_TEXT_LIMIT ? output.text : undefined;
  const batches = chunk(kept, ANNOTATIONS_PER_REQUEST);
  await callApi('complete the check run', () =>
    client.rest.checks.update({
      ...repo,
      check_run_id: checkRunId,
      status: 'completed',
      conclusion: output.conclusion,
      completed_at: new Date().toISOString(),
      output: { title, summary, annotations: batches[0] ?? [], ...(text === undefined ? {} : { text }) },
    }),
  );
  for (const batch of batches.slice(1)) {
    await callApi('add annotations to the check run', () =>
      client.rest.checks.update({ ...repo, check_run_id: checkRunId, output: { title, summary, annotations: batch } }),
    );
  }
  return { requests: Math.max(batches.length, 1), annotations: kept.length };
}

/**
 * Ends a run whose evaluation could not finish: never leave it `in_progress`. `failure`, not
 * `action_required` (which asks for a button and a details page this run does not provide).
 */
export async function failCheckRun(client: GitHubClient, repo: RepoRef, checkRunId: number, message: string): Promise<void> {
  await completeCheckRun(client, repo, checkRunId, {
    conclusion: 'failure',
    title: 'ML guardrails could not be evaluated',
    summary: `### 🛑 ML Guardrails could not be evaluated\n\n${message}\n`,
    annotations: [],
  });
}

/**
 * The summary within CHECK_TEXT_LIMIT. When it must be cut, the digest (verdict, blocking rule
 * ids) comes first and the page follows, cut at a line with its open blocks closed.
 */
export function fitSummary(summary: string, digest: string | undefined): string {
  if (summary.length <= CHECK_TEXT_LIMIT) return summary;
  if (digest === undefined) return truncateMarkdown(summary, CHECK_TEXT_LIMIT);
  const head = `${digest}\n> ✂️ The report is longer than a check run holds: the blocking rules are listed above, the page below is cut.\n\n---\n\n`;
  return `${head}${truncateMarkdown(summary, CHECK_TEXT_LIMIT - head.length)}`;
}

function clipTitle(title: string): string {
  return title.length <= MAX_CHECK_TITLE ? title : `${title.slice(0, MAX_CHECK_TITLE - 1)}…`;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
