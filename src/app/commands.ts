import { codeSpan } from '../report/markdown-text.js';

/** Reviewer commands in pull request comments: `/guardrails <command> ...` on a line of its own. */
export type Command =
  | { name: 'rerun' }
  /** `sha`: the head the reviewer names (`--sha <sha>`), when they name one. */
  | { name: 'accept'; rule: string; sha: string | undefined; reason: string }
  /** `problem`: a markdown sentence, its quoted words already escaped. */
  | { name: 'invalid'; problem: string }
  | { name: 'unknown'; word: string };

export const COMMAND_HELP = [
  '`/guardrails rerun`: evaluate the pull request again',
  '`/guardrails accept <rule-id> [--sha <head-sha>] <reason>`: accept a failing rule for the head commit whose result you saw (without `--sha`, the head when you wrote the comment; a new push clears it)',
];

const PREFIX = /^\/guardrails(?:\s+(.*))?$/;
const SHA = /^[0-9a-f]{7,40}$/i;

/** The first `/guardrails` line of a comment, or undefined when the comment has none. */
export function parseCommand(body: string): Command | undefined {
  for (const raw of body.split(/\r?\n/)) {
    const match = PREFIX.exec(raw.trim());
    if (match === null) continue;
    const [word = '', ...rest] = (match[1] ?? '').trim().split(/\s+/).filter(Boolean);
    if (word === 'rerun') return { name: 'rerun' };
    if (word === 'accept') return parseAccept(rest);
    return { name: 'unknown', word };
  }
  return undefined;
}

function parseAccept(words: string[]): Command {
  const [rule, ...rest] = words;
  if (rule === undefined) return { name: 'invalid', problem: 'name the rule to accept: `/guardrails accept <rule-id> <reason>`' };
  let sha: string | undefined;
  if (rest[0] === '--sha') {
    sha = rest[1];
    if (sha === undefined || !SHA.test(sha))
      return {
        name: 'invalid',
        problem: 'give `--sha` the head commit (7 to 40 hex digits): `/guardrails accept <rule-id> --sha <head-sha> <reason>`',
      };
    rest.splice(0, 2);
  }
  if (rest.length === 0)
    return { name: 'invalid', problem: `say why ${codeSpan(rule)} is acceptable: \`/guardrails accept <rule-id> <reason>\`` };
  return { name: 'accept', rule, sha: sha?.toLowerCase(), reason: rest.join(' ').slice(0, 500) };
}

/** Commenters the bot never answers: itself and other bots (no loops between bots). */
export function isBot(user: { login: string; type?: string | undefined }): boolean {
  return user.type === 'Bot' || user.login.endsWith('[bot]');
}

/** Permissions that may run a command (rerun or accept): write access or more. */
export function mayCommand(permission: string | undefined, roleName: string | undefined): boolean {
  return ['admin', 'write'].includes(permission ?? '') || ['admin', 'maintain', 'write'].includes(roleName ?? '');
}

/**
 * A gate that opens once per key per window: commenters without write access get one reply per
 * pull request per window, however many commands they post. Checked and set in one synchronous
 * step, so deliveries handled side by side cannot both pass.
 */
export function oncePerWindow(windowMs: number, now: () => number = Date.now): (key: string) => boolean {
  const opened = new Map<string, number>();
  return (key) => {
    const t = now();
    for (const [k, at] of opened) if (t - at >= windowMs) opened.delete(k);
    if (opened.has(key)) return false;
    opened.set(key, t);
    return true;
  };
}
