import { acceptanceMarker } from '../github/acceptance.js';
import { callApi } from '../github/api-error.js';
import type { GitHubClient } from '../github/octokit.js';
import { COMMAND_HELP, type Command, mayAccept } from './commands.js';
import type { EvaluationTarget } from './event-target.js';

export interface CommandContext {
  client: GitHubClient;
  target: EvaluationTarget;
  /** Who wrote the command. */
  author: string;
  /** Queues a fresh evaluation of the target (not deduplicated: the reviewer asked for it). */
  rerun: () => void;
}

/**
 * Carries out one reviewer command and answers it with one reply. An acceptance is recorded in
 * that reply (a hidden marker naming the head commit), then the pull request is evaluated again
 * so the check and the report comment show it.
 */
export async function handleCommand(command: Command, ctx: CommandContext): Promise<void> {
  const { target, author } = ctx;
  const sha = target.headSha.slice(0, 7);
  if (command.name === 'rerun') {
    await reply(ctx, `@${author} re-evaluating ${sha}.`);
    ctx.rerun();
    return;
  }
  if (command.name === 'unknown' || command.name === 'invalid') {
    const why = command.name === 'invalid' ? command.problem : `\`${command.word || '(nothing)'}\` is not a command`;
    await reply(ctx, `@${author} ${why}. The commands are:\n\n${COMMAND_HELP.map((c) => `- ${c}`).join('\n')}`);
    return;
  }
  const { data } = await callApi('read the commenter’s permission', () =>
    ctx.client.rest.repos.getCollaboratorPermissionLevel({ owner: target.owner, repo: target.repo, username: author }),
  );
  if (!mayAccept(data.permission, data.role_name)) {
    await reply(
      ctx,
      `Thanks @${author}. Accepting a failing rule needs write access to this repository, so \`${command.rule}\` stays as it is; a maintainer can accept it with \`/guardrails accept ${command.rule} <reason>\`.`,
    );
    return;
  }
  const marker = acceptanceMarker({ sha: target.headSha, rule: command.rule, by: author, reason: command.reason });
  await reply(
    ctx,
    `${marker}\n@${author} accepted \`${command.rule}\` for ${sha}: ${command.reason}\n\nThe check is evaluated again with the acceptance; a new push clears it.`,
  );
  ctx.rerun();
}

async function reply(ctx: CommandContext, body: string): Promise<void> {
  const { owner, repo, prNumber } = ctx.target;
  if (prNumber === undefined) return;
  await callApi('reply to the command', () => ctx.client.rest.issues.createComment({ owner, repo, issue_number: prNumber, body }));
}
