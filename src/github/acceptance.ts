import { createHmac, timingSafeEqual } from 'node:crypto';
import { finding, type Report, type RuleResult } from '../report/model.js';
import { reportVerdict } from '../report/status.js';
import { callApi } from './api-error.js';
import type { RepoRef } from './check-run.js';
import type { GitHubClient } from './octokit.js';

/**
 * A reviewer's `/guardrails accept <rule-id> <reason>` is stored where GitHub keeps it: in the
 * bot's reply on the pull request, whose first line is a hidden marker naming the head commit,
 * signed with a key only the App holds. No database; a new push changes the head, so the
 * acceptance no longer applies. Text the pull request controls (the report comment, a file name
 * copied into it) can spell out a marker, but cannot sign one.
 */
export interface Acceptance {
  sha: string;
  rule: string;
  by: string;
  reason: string;
}

/** Where an acceptance applies: it is signed for this repository and pull request only. */
export interface AcceptanceScope {
  repo: RepoRef;
  prNumber: number;
}

const MARKER_LINE = /^<!-- ml-guardrails:accepted (\{.*\}) sig:([0-9a-f]{64}) -->$/;
const KEY_LABEL = 'ml-guardrails acceptance signature v1';

/** The signing key, derived from the webhook secret with a fixed label (never the secret itself). */
export function acceptanceKey(webhookSecret: string): Buffer {
  return createHmac('sha256', webhookSecret).update(KEY_LABEL).digest();
}

function sign(key: Buffer, scope: AcceptanceScope, a: Acceptance): string {
  const fields = [`${scope.repo.owner}/${scope.repo.repo}`.toLowerCase(), scope.prNumber, a.sha, a.rule, a.by, a.reason];
  return createHmac('sha256', key).update(JSON.stringify(fields)).digest('hex');
}

/** The reply's first line. JSON, with `-->` escaped so it cannot end the comment early. */
export function acceptanceMarker(key: Buffer, scope: AcceptanceScope, acceptance: Acceptance): string {
  const { sha, rule, by, reason } = acceptance;
  const json = JSON.stringify({ sha, rule, by, reason }).replace(/--/g, '-\\u002d');
  return `<!-- ml-guardrails:accepted ${json} sig:${sign(key, scope, acceptance)} -->`;
}

/**
 * Acceptances for `sha`: only comments by this App (`botLogin`) whose body starts with a marker
 * signed for this pull request count; anything else (a human typing a marker, a marker copied
 * into the report from a file name) is ignored.
 */
export async function readAcceptances(
  client: GitHubClient,
  scope: AcceptanceScope,
  sha: string,
  who: { botLogin: string; key: Buffer },
): Promise<Acceptance[]> {
  const comments = await callApi('list the PR comments', () =>
    client.paginate(client.rest.issues.listComments, { ...scope.repo, issue_number: scope.prNumber, per_page: 100 }),
  );
  const found = new Map<string, Acceptance>();
  for (const comment of comments) {
    if (comment.user?.login !== who.botLogin) continue;
    const parsed = parseSignedMarker(comment.body ?? '', who.key, scope);
    // The latest acceptance of a rule wins (its reason is the one shown).
    if (parsed !== undefined && parsed.sha === sha) found.set(parsed.rule, parsed);
  }
  return [...found.values()];
}

/** The acceptance a body starts with, when its signature is this App's for `scope`. */
export function parseSignedMarker(body: string, key: Buffer, scope: AcceptanceScope): Acceptance | undefined {
  const match = MARKER_LINE.exec(body.split('\n', 1)[0] ?? '');
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  let value: Partial<Acceptance>;
  try {
    value = JSON.parse(match[1]) as Partial<Acceptance>;
  } catch {
    return undefined;
  }
  const { sha, rule, by, reason } = value;
  if (typeof sha !== 'string' || typeof rule !== 'string' || typeof by !== 'string' || typeof reason !== 'string') return undefined;
  const acceptance = { sha, rule, by, reason };
  const expected = Buffer.from(sign(key, scope, acceptance), 'hex');
  return timingSafeEqual(expected, Buffer.from(match[2], 'hex')) ? acceptance : undefined;
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
    // A reviewer's words, but no backtick: the renderers keep code spans as they are.
    const note = `Accepted by @${accepted.by} for ${accepted.sha.slice(0, 7)}: ${accepted.reason.replaceAll('`', "'")}`;
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
