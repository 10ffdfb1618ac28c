/** Reviewer commands in pull request comments: `/guardrails <command> ...` on a line of its own. */
export type Command =
  | { name: 'rerun' }
  | { name: 'accept'; rule: string; reason: string }
  | { name: 'invalid'; problem: string }
  | { name: 'unknown'; word: string };

export const COMMAND_HELP = [
  '`/guardrails rerun`: evaluate the pull request again',
  '`/guardrails accept <rule-id> <reason>`: accept a failing rule for the current head commit (write access needed; a new push clears it)',
];

const PREFIX = /^\/guardrails(?:\s+(.*))?$/;

/** The first `/guardrails` line of a comment, or undefined when the comment has none. */
export function parseCommand(body: string): Command | undefined {
  for (const raw of body.split(/\r?\n/)) {
    const match = PREFIX.exec(raw.trim());
    if (match === null) continue;
    const [word = '', ...rest] = (match[1] ?? '').trim().split(/\s+/).filter(Boolean);
    if (word === 'rerun') return { name: 'rerun' };
    if (word === 'accept') {
      const [rule, ...reason] = rest;
      if (rule === undefined) return { name: 'invalid', problem: 'name the rule to accept: `/guardrails accept <rule-id> <reason>`' };
      if (reason.length === 0)
        return { name: 'invalid', problem: `say why \`${rule}\` is acceptable: \`/guardrails accept ${rule} <reason>\`` };
      return { name: 'accept', rule, reason: reason.join(' ').slice(0, 500) };
    }
    return { name: 'unknown', word };
  }
  return undefined;
}

/** Commenters the bot never answers: itself and other bots (no loops between bots). */
export function isBot(user: { login: string; type?: string | undefined }): boolean {
  return user.type === 'Bot' || user.login.endsWith('[bot]');
}

/** Permissions that may accept a failing rule: write access or more. */
export function mayAccept(permission: string | undefined, roleName: string | undefined): boolean {
  return ['admin', 'write'].includes(permission ?? '') || ['admin', 'maintain', 'write'].includes(roleName ?? '');
}
