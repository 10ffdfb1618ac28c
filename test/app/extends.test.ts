import { afterEach, describe, expect, it } from 'vitest';
import { createActionClient } from '../../src/action/github-client.js';
import { applyExtends, describeShared, loadSharedRules, mergeRulesById } from '../../src/config/extends.js';
import { ConfigError } from '../../src/errors.js';
import { defaultRuleKinds } from '../../src/factory.js';
import { createSharedFileReader } from '../../src/github/shared-rules-reader.js';
import type { Standin } from '../../standin/index.js';
import { startTestStandin } from '../support/standin.js';
import { metricsRepo, RULES, startAppWorld } from './app-world.js';

const SHARED = `version: 1
include:
  - rules/fairness.yml
rules:
  - id: model-quality
    kind: metrics
    file: metrics/eval.json
    metrics:
      accuracy: { min: 0.80 }
  - id: latency-budget
    kind: metrics
    file: metrics/latency.json
    metrics:
      p95_ms: { max: 120 }
`;
const FAIRNESS = `rules:
  - id: slice-gap
    kind: metrics
    file: metrics/eval.json
    metrics:
      "slices.*.accuracy": { max_gap: 0.05 }
`;

let gh: Standin | undefined;
afterEach(async () => {
  gh?.assertNoViolations();
  await gh?.close();
  gh = undefined;
});

async function orgWithSharedRules(files: Record<string, string>) {
  gh = await startTestStandin({ repos: [{ owner: 'acme', name: '.github', files }] });
  const client = createActionClient({
    token: gh.createInstallationToken(),
    baseUrl: gh.apiUrl,
    limits: { maxWaitMs: 1000, requestTimeoutMs: 2000, writeSpacingMs: 0 },
  });
  return { gh, reader: createSharedFileReader(client) };
}

describe('extends: an organization’s shared rules through the contents API', () => {
  it('reads the shared file and its includes at the default branch, each rule sourced to the shared repository', async () => {
    const { reader, gh } = await orgWithSharedRules({ 'ml-guardrails.yml': SHARED, 'rules/fairness.yml': FAIRNESS });
    const shared = await loadSharedRules('acme/.github:ml-guardrails.yml', reader, defaultRuleKinds);
    expect(shared.target.origin).toBe('acme/.github');
    expect(shared.rules.map((r) => [r.id, r.source.file])).toEqual([
      ['model-quality', 'acme/.github:ml-guardrails.yml'],
      ['latency-budget', 'acme/.github:ml-guardrails.yml'],
      ['slice-gap', 'acme/.github:rules/fairness.yml'],
    ]);
    // Read once each, even when asked again in the same evaluation.
    await reader('acme', '.github', 'ml-guardrails.yml');
    expect(gh.log.filter((e) => e.operationId === 'repos/get-content')).toHaveLength(2);
  });

  it('merges by id: the repository’s own rule replaces the shared one, its other rules are added', async () => {
    const { reader } = await orgWithSharedRules({ 'ml-guardrails.yml': SHARED, 'rules/fairness.yml': FAIRNESS });
    const shared = await loadSharedRules('acme/.github:ml-guardrails.yml', reader, defaultRuleKinds);
    const own = [
      { ...shared.rules[0]!, source: { file: '.github/ml-guardrails.yml', line: 4 } },
      { ...shared.rules[1]!, id: 'data-freshness', source: { file: '.github/ml-guardrails.yml', line: 9 } },
    ];
    const { rules, fromShared } = mergeRulesById(shared.rules, own);
    expect(rules.map((r) => [r.id, r.source.file])).toEqual([
      ['model-quality', '.github/ml-guardrails.yml'],
      ['latency-budget', 'acme/.github:ml-guardrails.yml'],
      ['slice-gap', 'acme/.github:rules/fairness.yml'],
      ['data-freshness', '.github/ml-guardrails.yml'],
    ]);
    expect(describeShared(fromShared, shared.target.origin)).toBe('2 rules from acme/.github');
  });

  it('applyExtends resolves a loaded rule file’s extends: and names what came from where', async () => {
    const { reader } = await orgWithSharedRules({ 'ml-guardrails.yml': SHARED, 'rules/fairness.yml': FAIRNESS });
    const shared = await loadSharedRules('acme/.github:ml-guardrails.yml', reader, defaultRuleKinds);
    const own = { ...shared.rules[0]!, source: { file: '.github/ml-guardrails.yml', line: 5 } };
    const config = {
      file: '.github/ml-guardrails.yml',
      files: [],
      baselineRef: 'merge-base',
      extends: 'acme/.github:ml-guardrails.yml',
      rules: [own],
    };
    const extended = await applyExtends(config, reader, defaultRuleKinds);
    expect(extended.config.rules.map((r) => r.id)).toEqual(['model-quality', 'latency-budget', 'slice-gap']);
    expect(extended.shared?.label).toBe('2 rules from acme/.github');
    await expect(applyExtends(config, undefined, defaultRuleKinds)).rejects.toThrow(/needs GitHub access/);
    expect(await applyExtends({ ...config, extends: undefined }, reader, defaultRuleKinds)).toEqual({
      config: { ...config, extends: undefined },
    });
  });

  it('says where a missing or invalid shared file is', async () => {
    const { reader } = await orgWithSharedRules({
      'ml-guardrails.yml': SHARED.replace('max: 120', 'maxx: 120'),
      'rules/fairness.yml': FAIRNESS,
    });
    await expect(loadSharedRules('acme/.github:nope.yml', reader, defaultRuleKinds)).rejects.toThrow(
      /acme\/\.github has no nope\.yml on its default branch/,
    );
    const invalid = await loadSharedRules('acme/.github:ml-guardrails.yml', reader, defaultRuleKinds).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ConfigError);
    expect((invalid as ConfigError).message).toMatch(/shared rules acme\/\.github:ml-guardrails\.yml/);
    expect((invalid as ConfigError).line).toBe(14); // `maxx:` under p95_ms
  });
});

describe('extends: through the App end to end (npm start + stand-in)', () => {
  it('evaluates the organization rules with the repository’s own, and says where they came from', async () => {
    const shared =
      'version: 1\nrules:\n  - id: org-loss\n    kind: metrics\n    file: metrics/eval.json\n    metrics:\n      loss: { max: 0.5 }\n';
    const own = `${RULES.replace('version: 1\n', 'version: 1\nextends: acme/.github:ml-guardrails.yml\n')}`;
    const w = await startAppWorld([
      { owner: 'acme', name: '.github', files: { 'ml-guardrails.yml': shared } },
      { ...metricsRepo('models'), files: { '.github/ml-guardrails.yml': own, 'metrics/eval.json': '{"accuracy": 0.93, "loss": 0.2}\n' } },
    ]);
    const head = await w.gh.commitFiles({
      repo: 'models',
      branch: 'retrain',
      files: { 'metrics/eval.json': '{"accuracy": 0.93, "loss": 0.9}\n' },
    });
    w.gh.addPullRequest({ repo: 'models', head: 'retrain' });
    await w.deliver('pull_request.opened', { repo: 'models' });
    await w.idle();
    expect(w.gh.state.checkRuns.find((r) => r.headSha === head)).toMatchObject({ status: 'completed', conclusion: 'failure' });
    const comment = w.gh.state.comments.find((c) => c.repo === 'acme/models')!.body;
    expect(comment).toContain('org-loss');
    expect(comment).toContain('1 rule from acme/.github');
    w.gh.assertNoViolations();
  });
});
