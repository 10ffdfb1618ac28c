import * as core from '@actions/core';
import { describeThrown } from '../errors.js';
import { redactSecrets } from '../github/api-error.js';
import { SecretRedactor } from '../redact.js';
import { provideDuckdbOnDemand } from './duckdb-on-demand.js';
import { createActionClient, readApiLimits } from './github-client.js';
import type { ActionHost, AnnotationPlace } from './host.js';
import { INPUT, OUTPUT, readInputs } from './inputs.js';
import { main } from './main.js';

/** inputs → main → outputs; anything thrown (or not an Error at all) fails the step. */
export async function run(): Promise<void> {
  try {
    const token = core.getInput(INPUT.token);
    // Every derived form is masked in the runner's log too (the base64 extraheader, say).
    const redactor = new SecretRedactor();
    if (token) redactor.add(token);
    for (const secret of redactor.secrets()) core.setSecret(secret);
    const redact = (text: string) => redactor.redactText(text);
    const inputs = readInputs((name) => core.getInput(name));
    provideDuckdbOnDemand(process.env, (line) => core.info(line));
    const host = coreHost();
    // The API's URL is passed as read now, not as @actions/github read it at import: the same on a
    // runner, and right when tests run the Action in one process under several environments.
    const client = inputs.token
      ? createActionClient({
          token: inputs.token,
          baseUrl: process.env.GITHUB_API_URL,
          limits: readApiLimits(process.env.ML_GUARDRAILS_API_LIMITS),
          warn: (m) => host.warning(m),
        })
      : undefined;
    // A cancelled job gets SIGINT, then SIGTERM: abort, so a benchmark's processes and copies go first.
    const controller = new AbortController();
    const cancel = (signal: NodeJS.Signals) => controller.abort(new Error(`the job was cancelled (${signal})`));
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, cancel);
    const result = await main(inputs, host, { client, redact, signal: controller.signal }).finally(() => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.off(signal, cancel);
    });
    core.setOutput(OUTPUT.verdict, result.verdict);
    core.setOutput(OUTPUT.report, result.reportFile);
    core.setOutput(OUTPUT.failedRules, result.failedRules.join(','));
    if (result.failure !== undefined) core.setFailed(redactSecrets(result.failure));
  } catch (error) {
    core.setFailed(redactSecrets(describeThrown(error)));
  }
}

function coreHost(): ActionHost {
  const props = (place?: AnnotationPlace) =>
    place === undefined ? {} : { title: place.title, file: place.file, startLine: place.startLine, endLine: place.endLine };
  return {
    env: process.env,
    debug: (m) => core.debug(m),
    info: (m) => core.info(m),
    notice: (m, place) => core.notice(m, props(place)),
    warning: (m, place) => core.warning(m, props(place)),
    error: (m, place) => core.error(m, props(place)),
    writeSummary: async (markdown) => {
      // Outside a runner (or on an old one) there is no summary file: the log has the report anyway.
      if (!process.env.GITHUB_STEP_SUMMARY) return core.info(markdown);
      await core.summary.addRaw(markdown, true).write();
    },
  };
}
