import { type AcceptancePolicy, finding, type Report, type RuleResult } from '../report/model.js';
import { reportVerdict } from '../report/status.js';
import { callApi } from './api-error.js';
import type { RepoRef } from './check-run.js';
import type { GitHubClient } from './octokit.js';

/**
 * The App and the Action on the same commit: the Action (on a runner that may run benchmarks)
 * puts its report, as data, in a hidden marker in its check run's `output.text`; the App reads
 * it and shows each rule once, saying who evaluated it. The marker is the Report's rules in
 * brief, base64 so no text in them can close the HTML comment. It is read only at the start of
 * the text, which the door writes first: a marker quoted later (from a pull request) is not it.
 */
const MARKER = /^<!-- ml-guardrails:report-data ([A-Za-z0-9+/=]+) -->/;

export interface PairedRule {
  id: string;
  kind: string;
  severity: RuleResult['severity'];
  status: RuleResult['status'];
  summary: string;
}

export interface PairedReport {
  head: string | null;
  rules: PairedRule[];
  /** The governing rule file's `acceptance:` section (read by the App's `/guardrails accept`). */
  acceptance?: AcceptancePolicy | undefined;
}

/**
 * The hidden line a door adds to its check run's `output.text` (the Publisher's hook), within
 * `limit` characters: with thousands of rules the summaries are shortened, then only the rules
 * that did not pass are kept (a rule missing from the data reads as "no result yet", never a pass).
 */
export function embedReportData(report: Report, limit = EMBED_LIMIT): string {
  const rules = report.rules.map(({ id, kind, severity, status, summary }) => ({ id, kind, severity, status, summary }));
  const notPassed = rules.filter((rule) => rule.status !== 'pass');
  // The governing acceptance policy travels with the data (the App's `/guardrails accept` reads it).
  const base: Omit<PairedReport, 'rules'> =
    report.acceptance === undefined ? { head: report.head } : { head: report.head, acceptance: report.acceptance };
  // Summaries are the rules' own one-liners; clipped so a hostile name cannot fill the 64 KiB field.
  for (const [kept, clip] of [
    [rules, 300],
    [rules, 60],
    [notPassed, 60],
    [notPassed, 0],
  ] as const) {
    const line = encode({ ...base, rules: kept.map((rule) => ({ ...rule, summary: rule.summary.slice(0, clip) })) });
    if (line.length <= limit) return line;
  }
  return encode({ ...base, rules: [] });
}

/** Base64 grows 4/3: this keeps the marker line inside GitHub's 65,535 characters with room to spare. */
const EMBED_LIMIT = 60_000;

function encode(data: PairedReport): string {
  return `<!-- ml-guardrails:report-data ${Buffer.from(JSON.stringify(data)).toString('base64')} -->`;
}

export function parseReportData(text: string | null | undefined): PairedReport | undefined {
  const match = MARKER.exec(text ?? '');
  if (match?.[1] === undefined) return undefined;
  try {
    const data = JSON.parse(Buffer.from(match[1], 'base64').toString('utf8')) as PairedReport;
    return Array.isArray(data.rules) ? data : undefined;
  } catch {
    return undefined;
  }
}

/** The newest completed check run of `checkName` on `headSha` written by another app (the Action), with its report. */
export async function readActionReport(
  client: GitHubClient,
  repo: RepoRef,
  query: { headSha: string; checkName: string; ownAppSlug: string },
): Promise<PairedReport | undefined> {
  const { data } = await callApi('list the check runs of this commit', () =>
    client.rest.checks.listForRef({ ...repo, ref: query.headSha, check_name: query.checkName, status: 'completed', per_page: 100 }),
  );
  const theirs = data.check_runs
    .filter((run) => run.app?.slug !== query.ownAppSlug)
    .sort((a, b) => Date.parse(b.completed_at ?? '') - Date.parse(a.completed_at ?? ''));
  for (const run of theirs) {
    const report = parseReportData(run.output.text);
    if (report !== undefined && (report.head === null || report.head === query.headSha)) return report;
  }
  return undefined;
}

/**
 * Rules the App could not evaluate because they run a command (a benchmark `run:`). Their
 * status is their `on_missing` (default fail) until the Action's result replaces it.
 */
export function leftToAction(report: Report): RuleResult[] {
  return report.rules.filter((rule) => rule.kind === 'benchmark' && rule.findings.some((f) => f.check === 'run'));
}

/**
 * Each rule once: the App's result, except rules left to the Action, which take the Action's
 * result when there is one. Every rule says who evaluated it. `waitingForAction` lists rules
 * still without a result: a deployment waits for them.
 */
export function mergeActionReport(report: Report, action: PairedReport | undefined): { report: Report; waitingForAction: string[] } {
  const left = new Set(leftToAction(report).map((r) => r.id));
  // Nothing left to the Action: the App's report stands as it is.
  if (left.size === 0) return { report, waitingForAction: [] };
  const fromAction = new Map((action?.rules ?? []).map((r) => [r.id, r]));
  const waiting: string[] = [];
  const rules = report.rules.map((rule): RuleResult => {
    if (!left.has(rule.id)) return { ...rule, summary: `${rule.summary} (evaluated by the App)` };
    const theirs = fromAction.get(rule.id);
    if (theirs === undefined) {
      waiting.push(rule.id);
      const notYet = '; not evaluated: no result from the GitHub Action for this commit yet, so on_missing decides';
      const findings = rule.findings.map((f) => (f.check === 'run' ? { ...f, message: `${f.message}${notYet}` } : f));
      return { ...rule, findings, summary: `not evaluated: left to the GitHub Action, no result from it yet (on_missing: ${rule.status})` };
    }
    const note = finding({ check: 'evaluated-by', status: theirs.status, message: `evaluated by the GitHub Action: ${theirs.summary}` });
    return { ...rule, status: theirs.status, summary: `${theirs.summary} (evaluated by the GitHub Action)`, findings: [note] };
  });
  return { report: { ...report, rules, verdict: reportVerdict(rules) }, waitingForAction: waiting };
}
