import { describe, expect, it } from 'vitest';
import { applyExtends, parseExtendsAllow, type ReadSharedFile } from '../../src/config/extends.js';
import type { LoadedConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/errors.js';
import { defaultRuleKinds } from '../../src/factory.js';

const RULE = {
  id: 'own',
  kind: 'metrics',
  severity: 'error',
  on_missing: 'fail',
  options: {},
  source: { file: '.github/ml-guardrails.yml', line: 4 },
} as const;
const config = (spec: string): LoadedConfig => ({
  file: '.github/ml-guardrails.yml',
  files: ['.github/ml-guardrails.yml'],
  baselineRef: 'merge-base',
  extends: spec,
  extendsLine: 2,
  rules: [{ ...RULE }],
});

const TRUSTED = { writtenByChange: false, allow: [] };

/** A reader that records what it was asked: a refused spec must ask nothing. */
function recordingReader(files: Record<string, string> = {}): { read: ReadSharedFile; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    read: async (owner, repo, path) => {
      asked.push(`${owner}/${repo}:${path}`);
      return files[`${owner}/${repo}:${path}`] ?? null;
    },
  };
}

describe('extends: paths that GitHub would answer with an error are refused locally', () => {
  it.each([
    ['acme/.github:../secrets.yml', 'has an empty, `.` or `..` segment'],
    ['acme/.github:rules/./x.yml', 'has an empty, `.` or `..` segment'],
    ['acme/.github:rules//x.yml', 'has an empty, `.` or `..` segment'],
    ['acme/.github:/etc/passwd', 'is absolute'],
    ['acme/.github:rules\\x.yml', 'has a backslash'],
    ['acme/.github:%2e%2e/x.yml', 'is percent-encoded'],
    ['acme/..:x.yml', 'does not name a repository'],
  ])('%s: %s, at the rule file line, nothing read', async (spec, reason) => {
    const { read, asked } = recordingReader();
    const error = await applyExtends(config(spec), read, defaultRuleKinds, TRUSTED).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(reason);
    expect(error).toMatchObject({ file: '.github/ml-guardrails.yml', line: 2 });
    expect(asked).toEqual([]);
  });
});

describe('extends: in rules the change wrote', () => {
  it('outside the allow-list is refused by name, with the list, and reads nothing', async () => {
    const { read, asked } = recordingReader();
    const policy = { writtenByChange: true, allow: ['acme/.github', 'acme/shared'] };
    await expect(applyExtends(config('acme/vault:rules.yml'), read, defaultRuleKinds, policy)).rejects.toThrow(
      'extends: acme/vault:rules.yml is not a repository this change may extend (allowed: acme/.github, acme/shared)',
    );
    expect(asked).toEqual([]);
  });

  it('a missing and an invalid shared file give the same message, with nothing of the file in it', async () => {
    const { read } = recordingReader({ 'acme/.github:bad.yml': 'version: 1\nrules:\n  - id: secret-id\n    kind: nope\n' });
    const policy = { writtenByChange: true, allow: ['ACME/.github'] };
    const missing = await applyExtends(config('acme/.github:bad.yml'), async () => null, defaultRuleKinds, policy).catch((e: Error) => e);
    const invalid = await applyExtends(config('acme/.github:bad.yml'), read, defaultRuleKinds, policy).catch((e: Error) => e);
    expect(invalid).toEqual(missing);
    expect((invalid as ConfigError).message).toBe('extends: the shared rules acme/.github:bad.yml do not load');
    expect(`${(invalid as ConfigError).message} ${(invalid as ConfigError).hint}`).not.toMatch(/secret-id|nope/);
    // The trusted baseline's rules get the full message.
    await expect(applyExtends(config('acme/.github:bad.yml'), read, defaultRuleKinds, TRUSTED)).rejects.toThrow(/unknown rule kind "nope"/);
  });

  it('the operator’s list is owner/name entries, comma- or space-separated', () => {
    expect(parseExtendsAllow(' acme/shared-rules, acme/.github other/x ', 'ML_GUARDRAILS_EXTENDS_ALLOW')).toEqual([
      'acme/shared-rules',
      'acme/.github',
      'other/x',
    ]);
    expect(parseExtendsAllow(undefined, 'X')).toEqual([]);
    expect(() => parseExtendsAllow('acme', 'ML_GUARDRAILS_EXTENDS_ALLOW')).toThrow(
      'ML_GUARDRAILS_EXTENDS_ALLOW: "acme" is not <owner>/<repo>',
    );
  });
});
