import { isBlocked } from '../github/check-output.js';
import { deployOnce, wantsDeployment } from '../github/deployments.js';
import type { Report } from '../report/model.js';
import type { StepContext } from './step-context.js';

/** Deploys once per commit and environment when the input, the rule file and the event all say so. */
export async function deployIfWanted(step: StepContext, report: Report): Promise<void> {
  const { inputs, target, host, client } = step;
  if (!inputs.deploy || !client) return;
  const deploy = report.deploy;
  if (deploy === undefined) {
    host.warning('The `deploy` input is on, but the rule file has no `deploy:` section: nothing to deploy.');
    return;
  }
  if (!wantsDeployment(deploy, target.occasion)) {
    host.info(`Not deploying: deploy.when is "${deploy.when}" and this is a ${target.description}.`);
    return;
  }
  if (report.verdict !== 'pass' || isBlocked(report, inputs.failOn)) {
    host.info(`Not deploying to ${deploy.environment}: the guardrails did not pass.`);
    return;
  }
  const ref = target.headRef ?? target.headSha;
  const result = await step.writes.attempt(`deploy to ${deploy.environment}`, () =>
    deployOnce(client, step.repo, { deploy, report, sha: target.headSha, ref, logUrl: step.runner.runUrl }),
  );
  if (result === undefined) return;
  if (result.action === 'exists')
    host.info(`Already deployed: deployment ${result.deploymentId} covers ${target.headSha.slice(0, 7)} in ${deploy.environment}.`);
  else if (result.action === 'superseded')
    host.info(
      `Another run deployed ${target.headSha.slice(0, 7)} first (deployment ${result.existingId}); this run's record ${result.deploymentId} is inactive.`,
    );
  else
    host.info(
      `${result.action === 'deployed' ? 'Created' : 'Dispatched'} deployment ${result.deploymentId} to ${deploy.environment} via ${result.via}.`,
    );
}
