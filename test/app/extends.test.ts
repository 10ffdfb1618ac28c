import { afterEach, describe, expect, it } from 'vitest';
import { createActionClient } from '../../src/action/github-client.js';
import { applyExtends, describeShared, loadSharedRules, mergeRulesById } from '../../src/config/extends.js';
import { ConfigError } from '../../src/errors.js';
import { defaultRuleKinds } from '../../src/factory.js';
import { createSharedFileReader } from '../../src/github/shared-rules-reader.js';
import type { Standin, StandinRepoOptions } from '../../standin/index.js';
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

/** The baseline's rules: trusted, so `extends:` may read any repository the token can. */
const TRUSTED = { writtenByChange: false, allow: [] };

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
    limits: { maxWaitMs: 1000, requestTimeoutMs: 30_000, writeSpacingMs: 0 },
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
    const extended = await applyExtends(config, reader, defaultRuleKinds, TRUSTED);
    expect(extended.config.rules.map((r) => r.id)).toEqual(['model-quality', 'latency-budget', 'slice-gap']);
    expect(extended.shared?.label).toBe('2 rules from acme/.github');
    await expect(applyExtends(config, undefined, defaultRuleKinds, TRUSTED)).rejects.toThrow(/needs GitHub access/);
    expect(await applyExtends({ ...config, extends: undefined }, reader, defaultRuleKinds, TRUSTED)).toEqual({
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

describe('extends: in a pull request that adopts the guardrails (its own rules govern)', () => {
  const VAULT =
    'version: 1\nrules:\n  - id: vault-secret-rule\n    kind: metrics\n    file: metrics/eval.json\n    metrics:\n      loss: { max: 0.4242 }\n';
  const BROKEN =
    'version: 1\nrules:\n  - id: hidden-org-rule\n    kind: metrics\n    file: metrics/eval.json\n    metrics:\n      loss: { maxx: 0.3131 }\n';
  const ORG =
    'version: 1\nrules:\n  - id: org-loss\n    kind: metrics\n    file: metrics/eval.json\n    metrics:\n      loss: { max: 0.5 }\n';
  const adopting = (spec: string) =>
    `version: 1\nextends: ${spec}\nrules:\n  - id: own\n    kind: metrics\n    file: metrics/eval.json\n    metrics:\n      loss: { max: 1 }\n`;
  const repos: StandinRepoOptions[] = [
    { owner: 'acme', name: '.github', files: { 'ml-guardrails.yml': ORG, 'broken.yml': BROKEN } },
    { owner: 'acme', name: 'vault', private: true, files: { 'rules.yml': VAULT } },
    { owner: 'acme', name: 'newrepo', files: { 'README.md': '# not opted in yet\n', 'metrics/eval.json': '{"loss": 0.2}\n' } },
  ];

  /** Opens a PR on acme/newrepo that adds a rule file extending `spec`; returns what GitHub shows for it. */
  async function adopt(w: Awaited<ReturnType<typeof startAppWorld>>, branch: string, spec: string) {
    const head = await w.gh.commitFiles({ repo: 'newrepo', branch, files: { '.github/ml-guardrails.yml': adopting(spec) } });
    const pr = w.gh.addPullRequest({ repo: 'newrepo', head: branch });
    await w.deliver('pull_request.opened', { repo: 'newrepo', pullNumber: pr.number });
    await w.idle();
    const run = w.gh.state.checkRuns.find((r) => r.headSha === head);
    const comment = w.gh.state.comments.find((c) => c.repo === 'acme/newrepo' && c.issueNumber === pr.number)?.body ?? '';
    return { run, shown: `${run?.output.title}\n${run?.output.summary}\n${run?.output.text}\n${comment}` };
  }

  it('a private repository of the same installation is refused unread; missing and invalid shared files say the same', async () => {
    const w = await startAppWorld(repos);
    const vault = await adopt(w, 'steal', 'acme/vault:rules.yml');
    expect(vault.run).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(vault.shown).toContain('extends: acme/vault:rules.yml is not a repository this change may extend (allowed: acme/.github)');
    expect(vault.shown).not.toMatch(/vault-secret-rule|0\.4242/);
    expect(w.gh.log.filter((e) => e.path.includes('/repos/acme/vault/'))).toEqual([]);

    // Inside the allow-list, a file that is missing and one that does not parse are told apart by nothing but their names.
    const missing = await adopt(w, 'probe-missing', 'acme/.github:nope.yml');
    const invalid = await adopt(w, 'probe-invalid', 'acme/.github:broken.yml');
    expect(missing.shown).toContain('the shared rules acme/.github:nope.yml do not load');
    expect(invalid.shown.replaceAll('broken.yml', 'nope.yml').replace(/[0-9a-f]{7,40}/g, 'sha')).toBe(
      missing.shown.replace(/[0-9a-f]{7,40}/g, 'sha'),
    );
    expect(invalid.shown).not.toMatch(/hidden-org-rule|0\.3131|maxx/);

    // The organization's own .github is designated: its rules judge the adopting PR.
    const org = await adopt(w, 'org-rules', 'acme/.github:ml-guardrails.yml');
    expect(org.run).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(org.shown).toContain('1 rule from acme/.github');
    w.gh.assertNoViolations();
  });

  it('the operator, not the pull request, widens the allow-list (ML_GUARDRAILS_EXTENDS_ALLOW)', async () => {
    const w = await startAppWorld(repos, { ML_GUARDRAILS_EXTENDS_ALLOW: 'acme/vault' });
    const allowed = await adopt(w, 'allowed', 'acme/vault:rules.yml');
    expect(allowed.run).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(allowed.shown).toContain('1 rule from acme/vault');
    w.gh.assertNoViolations();
  });
});
