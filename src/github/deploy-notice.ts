import type { DeployConfig } from '../config/schema.js';
import { describeThrown } from '../errors.js';
import { codeSpan, escapeMarkdown, shorten } from '../report/markdown-text.js';
import type { CheckOutput } from './check-run.js';
import { DeployRefusedError } from './deployments.js';

/** A deploy that did not happen although the guardrails passed, in the words every surface shows. */
export interface DeployProblem {
  /** One markdown paragraph for the check run's summary and the comment. */
  markdown: string;
  /** The same for a log line, without markup. */
  text: string;
  /** A few words for the check run's title (no repository text: GitHub shows titles raw). */
  title: string;
  /** GitHub's status (0: no answer), or undefined when the deploy failed before any call. */
  status: number | undefined;
}

/**
 * Says which deploy GitHub refused, its answer and what the token needs (`holder`: "the App").
 * The environment comes from a rule file and GitHub's message may echo input: both stay inert text.
 */
export function describeDeployProblem(deploy: DeployConfig, error: unknown, holder: string): DeployProblem {
  const target = `deployment to ${deploy.environment} via ${deploy.via}`;
  const targetMd = `deployment to ${codeSpan(deploy.environment)} via \`${deploy.via}\``;
  if (!(error instanceof DeployRefusedError)) {
    const reason = describeThrown(error);
    return {
      markdown: `⚠️ **The guardrails passed, but the ${targetMd} failed**: ${escapeMarkdown(shorten(reason, 300))}`,
      text: `The guardrails passed, but the ${target} failed: ${reason}`,
      title: 'deployment failed',
      status: undefined,
    };
  }
  const { status, message } = error.answer;
  const answer = status === 0 ? 'no answer' : `${status}: ${shorten(message.replace(/^.*GitHub answered \d+: /, ''), 200)}`;
  const refused = status >= 400 && status < 500;
  const verb = refused ? 'was refused by GitHub' : 'could not be sent';
  const hint = remedy(deploy, status, error.permission, holder);
  return {
    markdown: `⚠️ **The guardrails passed, but the ${targetMd} ${verb}** (${escapeMarkdown(answer)})${hint.markdown}. Nothing was deployed; the next evaluation of this commit tries again.`,
    text: `The guardrails passed, but the ${target} ${verb} (${answer})${hint.text}. Nothing was deployed.`,
    title: refused ? 'deployment refused' : 'deployment failed',
    status,
  };
}

function remedy(deploy: DeployConfig, status: number, permission: string, holder: string): { markdown: string; text: string } {
  if (status === 404 && deploy.via === 'workflow_dispatch' && permission.startsWith('actions')) {
    const workflow = `.github/workflows/${deploy.workflow ?? ''}`;
    return {
      markdown: `; ${codeSpan(workflow, { max: 120 })} must exist on the default branch, and ${holder} needs \`${permission}\``,
      text: `; ${workflow} must exist on the default branch, and ${holder} needs ${permission}`,
    };
  }
  if (status === 403 || status === 404) return { markdown: `; ${holder} needs \`${permission}\``, text: `; ${holder} needs ${permission}` };
  return { markdown: '', text: '' };
}

/**
 * The check run of a passing evaluation whose deploy failed: `neutral`, never a green success (a
 * failure would block merging a pull request for a setting its author cannot change), with the
 * problem right under the headline.
 */
export function withDeployProblem(output: CheckOutput, problem: DeployProblem): CheckOutput {
  const cut = output.summary.indexOf('\n\n');
  const at = cut < 0 ? 0 : cut + 2;
  return {
    ...output,
    conclusion: output.conclusion === 'success' ? 'neutral' : output.conclusion,
    title: `${output.title}; ${problem.title}`,
    summary: `${output.summary.slice(0, at)}${problem.markdown}\n\n${output.summary.slice(at)}`,
  };
}
