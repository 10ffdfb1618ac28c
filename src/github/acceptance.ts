import { finding, type Report, type RuleResult } from '../report/model.js';
import { reportVerdict } from '../report/status.js';
import { callApi } from './api-error.js';
import type { RepoRef } from './check-run.js';
import type { GitHubClient } from './octokit.js';

/**
 * A reviewer's `/guardrails accept <rule-id> <reason>` is stored where GitHub keeps it: in the
 * bot's reply on the pull request, as a hidden marker naming the head commit. No database; a new
 * push changes the head, so the acceptance no longer applies.
 */
export interface Acceptance {
  sha: string;
  rule: string;
  by: string;
  reason: string;
}

const MARKER = /<!-- ml-guardrails:accepted (\{.*?\}) -->/;

/** The hidden line the bot's reply carries. JSON, with `-->` escaped so it cannot end the comment early. */
export function acceptanceMarker(acceptance: Acceptance): string {
  return `<!-- ml-guardrails:accepted ${JSON.stringify(acceptance).replace(/--/g, '-\\u002d')} -->`;
}

/**
 * Acceptances for `sha` recorded by this App (`botLogin`): anyone can type the marker into a
 * comment, so only the bot's own comments count, and the bot only writes one after checking the
 * commenter's permission.
 */
export async function readAcceptances(
  client: GitHubClient,
  repo: RepoRef,
  prNumber: number,
  sha: string,
  botLogin: string,
): Promise<Acceptance[]> {
  const comments = await callApi('list the PR comments', () =>
    client.paginate(client.rest.issues.listComments, { ...repo, issue_number: prNumber, per_page: 100 }),
  );
  const found = new Map<string, Acceptance>();
  for (const comment of comments) {
    if (comment.user?.login !== botLogin) continue;
    const parsed = parseMarker(comment.body ?? '');
    // The latest acceptance of a rule wins (its reason is the one shown).
    if (parsed !== undefined && parsed.sha === sha) found.set(parsed.rule, parsed);
  }
  return [...found.values()];
}

function parseMarker(body: string): Acceptance | undefined {
  const match = MARKER.exec(body);
  if (match?.[1] === undefined) return undefined;
  try {
    const value = JSON.parse(match[1]) as Partial<Acceptance>;
    if ([value.sha, value.rule, value.by, value.reason].every((v) => typeof v === 'string')) return value as Acceptance;
  } catch {
    // A marker we did not write: ignore it.
  }
  return undefined;
}

/**
 * The report with accepted rules shown as accepted: a failing (or erroring) rule is no longer
 * held against this commit (status `skip`, so the check turns green rather than neutral), its
 * summary names who accepted it and why, and its findings still show what failed.
 * Acceptances of rules that pass or do not exist change nothing.
 */
export function applyAcceptances(report: Report, acceptances: Acceptance[]): Report {
  if (acceptances.length === 0) return report;
  const byRule = new Map(acceptances.map((a) => [a.rule, a]));
  const rules = report.rules.map((rule): RuleResult => {
    const accepted = byRule.get(rule.id);
    if (accepted === undefined || (rule.status !== 'fail' && rule.status !== 'error')) return rule;
    const note = `Accepted by @${accepted.by} for ${accepted.sha.slice(0, 7)}: ${accepted.reason}`;
    return {
      ...rule,
      status: 'skip',
      summary: `${note} (was ${rule.status}: ${rule.summary})`,
      // First, so every renderer (table, details, annotations) shows who accepted it and why.
      findings: [
        finding({ check: 'accepted', status: 'warn', message: note, file: rule.source?.file, line: rule.source?.line }),
        ...rule.findings,
      ],
    };
  });
  return { ...report, rules, verdict: reportVerdict(rules) };
}
