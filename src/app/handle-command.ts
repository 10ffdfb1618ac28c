import { acceptanceMarker } from '../github/acceptance.js';
import { type PairedReport, parseReportData } from '../github/action-pairing.js';
import { callApi } from '../github/api-error.js';
import type { GitHubClient } from '../github/octokit.js';
import { codeSpan, escapeMarkdown } from '../report/markdown-text.js';
import { CHECK_NAME } from './app-publisher.js';
import { COMMAND_HELP, type Command, mayCommand } from './commands.js';
import type { EvaluationTarget } from './event-target.js';

export interface CommandContext {
  client: GitHubClient;
  /** The pull request as it is now (its head may be newer than the comment). */
  target: EvaluationTarget;
  /** Who wrote the command, and when GitHub says they did (the comment's created_at). */
  author: string;
  commentedAt: string;
  /** Who opened the pull request: accepting one's own failing rule is a rule-file policy. */
  prAuthor: string | undefined;
  botLogin: string;
  acceptanceKey: Buffer;
  /** Whether a commenter without write access may be answered now (once per PR per window). */
  mayAnswerOutsider: () => boolean;
  /** Queues a fresh evaluation of the target (not deduplicated: the reviewer asked for it). */
  rerun: () => void;
}

/**
 * Carries out one command from someone with write access and answers it with one reply; anyone
 * else gets at most one polite reply per pull request per window, and nothing is evaluated. An
 * acceptance is recorded in its reply (a signed marker naming the head), then evaluated.
 */
export async function handleCommand(command: Command, ctx: CommandContext): Promise<void> {
  const { target } = ctx;
  const who = mention(ctx.author);
  const { data } = await callApi('read the commenter’s permission', () =>
    ctx.client.rest.repos.getCollaboratorPermissionLevel({ owner: target.owner, repo: target.repo, username: ctx.author }),
  );
  if (!mayCommand(data.permission, data.role_name)) {
    if (!ctx.mayAnswerOutsider()) return;
    await reply(
      ctx,
      `Thanks ${who}. \`/guardrails\` commands need write access to this repository, so nothing was changed or re-run; a maintainer can run them. (This is said once per pull request per hour.)`,
    );
    return;
  }
  if (command.name === 'rerun') {
    await reply(ctx, `${who} re-evaluating ${target.headSha.slice(0, 7)}.`);
    ctx.rerun();
    return;
  }
  if (command.name === 'unknown' || command.name === 'invalid') {
    const why = command.name === 'invalid' ? command.problem : `${codeSpan(command.word || '(nothing)')} is not a command`;
    await reply(ctx, `${who} ${why}. The commands are:\n\n${COMMAND_HELP.map((c) => `- ${c}`).join('\n')}`);
    return;
  }
  const refusal = await whyNotAccept(command, ctx);
  if (refusal !== undefined) {
    await reply(ctx, `${who} ${codeSpan(command.rule)} was not accepted: ${refusal}`);
    return;
  }
  const scope = { repo: { owner: target.owner, repo: target.repo }, prNumber: target.prNumber ?? 0 };
  const marker = acceptanceMarker(ctx.acceptanceKey, scope, {
    sha: target.headSha,
    rule: command.rule,
    by: ctx.author,
    reason: command.reason,
  });
  await reply(
    ctx,
    `${marker}\n${who} accepted ${codeSpan(command.rule)} for ${target.headSha.slice(0, 7)}: ${escapeMarkdown(command.reason)}\n\nThe check is evaluated again with the acceptance; a new push clears it.`,
  );
  ctx.rerun();
}

/**
 * Why an acceptance cannot be recorded, or undefined when it can: it binds to the head the
 * reviewer saw (named with `--sha`, or else the head whose result was out when they commented),
 * and names a rule failing in that result.
 */
async function whyNotAccept(command: Extract<Command, { name: 'accept' }>, ctx: CommandContext): Promise<string | undefined> {
  const head = ctx.target.headSha;
  const short = head.slice(0, 7);
  const again = `\`/guardrails accept <rule-id> --sha ${short} <reason>\``;
  if (command.sha !== undefined && !head.startsWith(command.sha))
    return `the head is now ${short}, not ${escapeMarkdown(command.sha)}. Look at ${short}'s result and accept again with ${again}.`;
  const seen = await resultSeen(ctx, command.sha === undefined ? ctx.commentedAt : undefined);
  if (seen === undefined)
    return `the head is now ${short}, and its result was not out when the comment was written (a push came in between). Look at ${short}'s result and accept again with ${again}.`;
  const rule = seen.rules.find((r) => r.id === command.rule);
  if (rule === undefined) {
    const known = seen.rules.map((r) => codeSpan(r.id)).join(', ') || '(none)';
    return `there is no such rule in ${short}'s result; its rules are ${known}.`;
  }
  if (rule.status !== 'fail' && rule.status !== 'error')
    return `it is not failing at ${short} (${rule.status}): there is nothing to accept.`;
  if (ctx.author === ctx.prAuthor && seen.acceptance?.allow_author !== true)
    return 'the author of a pull request cannot accept their own failing rule here (the rule file’s `acceptance.allow_author` is off); another reviewer with write access can.';
  return undefined;
}

/**
 * The App's own latest result for the head, completed by `before` (GitHub's timestamps) when
 * given: what the reviewer could have seen. Only this App's check runs count; their report data
 * was written by the App from the governing rules.
 */
async function resultSeen(ctx: CommandContext, before: string | undefined): Promise<PairedReport | undefined> {
  const { target } = ctx;
  const { data } = await callApi('list the check runs of the head', () =>
    ctx.client.rest.checks.listForRef({
      owner: target.owner,
      repo: target.repo,
      ref: target.headSha,
      check_name: CHECK_NAME,
      status: 'completed',
      filter: 'all',
      per_page: 100,
    }),
  );
  const ownSlug = ctx.botLogin.replace(/\[bot\]$/, '');
  // GitHub gives the comment's time in whole seconds; a result out within that second was seen.
  const limit = before === undefined ? Number.POSITIVE_INFINITY : seconds(before);
  const runs = data.check_runs
    .filter((run) => run.app?.slug === ownSlug && run.completed_at !== null && seconds(run.completed_at) <= limit)
    .sort((a, b) => Date.parse(b.completed_at ?? '') - Date.parse(a.completed_at ?? '') || b.id - a.id);
  for (const run of runs) {
    const report = parseReportData(run.output.text);
    if (report !== undefined && (report.head === null || report.head === target.headSha)) return report;
  }
  return undefined;
}

function seconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

/** A GitHub login as a mention (it notifies the commenter); anything else a login cannot be, escaped. */
function mention(login: string): string {
  return /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(login) ? `@${login}` : escapeMarkdown(login);
}

async function reply(ctx: CommandContext, body: string): Promise<void> {
  const { owner, repo, prNumber } = ctx.target;
  if (prNumber === undefined) return;
  await callApi('reply to the command', () => ctx.client.rest.issues.createComment({ owner, repo, issue_number: prNumber, body }));
}
