// extends: an adopting pull request (its own rules govern) names shared rules the organization
// never designated. Held when nothing outside <owner>/.github is requested, nothing of a private
// file (its rule ids, values) comes out, and missing and broken files cannot be told apart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Standin } from '../../standin/index.js';
import { cliHere } from '../support/cli-here.js';
import { GitFixture } from '../support/git-fixture.js';
import { startTestStandin } from '../support/standin.js';

const SECRET_RULES =
  'version: 1\nrules:\n  - id: vault-secret-rule\n    kind: metrics\n    file: m.json\n    metrics:\n      vault_secret_key: { min: 0.123456 }\n';
const SHARED = 'version: 1\nrules:\n  - id: org-floor\n    kind: metrics\n    file: m.json\n    metrics:\n      accuracy: { min: 0.8 }\n';

const SPECS = [
  'acme/vault:rules.yml',
  'acme/vault:missing.yml',
  'acme/vault:broken.yml',
  'ACME/VAULT:rules.yml',
  'acme/vault.git:rules.yml',
  'other/.github:ml-guardrails.yml',
  'acme/.github:../vault/rules.yml',
  'acme/.github:./ml-guardrails.yml',
  'acme/.github:/etc/passwd',
  'acme/.github:..%2fvault%2frules.yml',
  'acme/.github:%2e%2e/x.yml',
  'acme/.github:x\\..\\rules.yml',
  'acme/.github//vault:rules.yml',
  'acme/..:rules.yml',
  'acme/.:rules.yml',
  'acme/.github:ml-guardrails.yml?ref=vault',
  'acme/.github:ml-guardrails.yml#vault',
  'https://github.com/acme/vault:rules.yml',
  '-acme/vault:rules.yml',
  'acme/vault :rules.yml',
  'acme/vault:rules.yml\nrules: []',
  'acme/.github:rules.yml@vault',
];

describe('extends: from an adopting pull request', () => {
  let gh: Standin;
  const saved = { ...process.env };
  beforeAll(async () => {
    gh = await startTestStandin({
      repos: [
        { owner: 'acme', name: '.github', files: { 'ml-guardrails.yml': SHARED, 'broken.yml': 'rules: [' } },
        { owner: 'acme', name: 'vault', private: true, files: { 'rules.yml': SECRET_RULES, 'broken.yml': `${SECRET_RULES}  - [` } },
        { owner: 'other', name: '.github', files: { 'ml-guardrails.yml': SECRET_RULES } },
      ],
    });
    Object.assign(process.env, { GITHUB_TOKEN: gh.createInstallationToken(), GITHUB_API_URL: gh.apiUrl, GITHUB_REPOSITORY: 'acme/models' });
  });
  afterAll(async () => {
    for (const name of ['GITHUB_TOKEN', 'GITHUB_API_URL', 'GITHUB_REPOSITORY']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    gh.assertNoViolations();
    await gh.close();
  });

  async function adopt(spec: string) {
    const fixture = GitFixture.init();
    try {
      const base = fixture.commit('no rules yet', { 'README.md': 'models\n' });
      fixture.checkout('adopt', true);
      fixture.commit('adopt', {
        '.github/ml-guardrails.yml': `version: 1\nextends: ${JSON.stringify(spec)}\nrules:\n  - id: own\n    kind: metrics\n    file: m.json\n    metrics:\n      accuracy: { min: 0.5 }\n`,
        'm.json': '{"accuracy": 0.9, "vault_secret_key": 0.5}\n',
      });
      const before = gh.log.length;
      const run = await cliHere(['check', '--base', base, '--format', 'json'], fixture.dir);
      const requested = gh.log.slice(before).map((e) => e.path);
      return { ...run, requested };
    } finally {
      fixture.cleanup();
    }
  }

  it.each(SPECS)('%j reads nothing it may not and tells nothing of it', async (spec) => {
    const { stdout, stderr, requested } = await adopt(spec);
    expect(requested.filter((p) => !/^\/repos\/acme\/\.github\//i.test(p))).toEqual([]);
    expect(`${stdout}${stderr}`).not.toMatch(/vault-secret-rule|vault_secret_key: \{|0\.123456/);
  });

  it("control: the owner's .github is read, so the requests above are really watched", async () => {
    const { stdout, requested } = await adopt('acme/.github:ml-guardrails.yml');
    expect(requested.some((p) => p.startsWith('/repos/acme/.github/contents/'))).toBe(true);
    expect(JSON.parse(stdout).rules.map((r: { id: string }) => r.id)).toContain('org-floor');
  });

  it('a missing and a broken shared file say the same to an adopting pull request', async () => {
    const missing = await adopt('acme/.github:missing.yml');
    const broken = await adopt('acme/.github:broken.yml');
    expect(missing.status).toBe(2);
    expect(broken.stderr.replace('broken', 'missing')).toBe(missing.stderr);
  });
});
