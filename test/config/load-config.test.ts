import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { ConfigError, ConfigErrorList, InputError } from '../../src/errors.js';
import { defaultRuleKinds } from '../../src/factory.js';
import { Repository } from '../../src/git/repository.js';
import { GitFixture } from '../support/git-fixture.js';

const fixtures: GitFixture[] = [];
afterEach(() => {
  for (const f of fixtures.splice(0)) f.cleanup();
});

const METRICS_RULE = `  - id: quality
    kind: metrics
    file: metrics/eval.json
    metrics:
      accuracy: { min: 0.9 }
`;

async function load(files: Record<string, string>, configPath?: string) {
  const fx = GitFixture.init();
  fixtures.push(fx);
  fx.write(files);
  fx.git('add', '-A'); // include globs match the files git tracks
  const ws = await (await Repository.open(fx.dir)).workingTree();
  return loadConfig(ws, configPath, defaultRuleKinds);
}

async function loadError(files: Record<string, string>, configPath?: string): Promise<ConfigError> {
  try {
    await load(files, configPath);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('loads the rule file with defaults applied and rule locations', async () => {
    const config = await load({
      '.github/ml-guardrails.yml': `version: 1\ndefaults:\n  on_missing: warn\nrules:\n${METRICS_RULE}  - id: speed\n    kind: metrics\n    severity: warning\n    on_missing: skip\n    file: m.json\n    metrics:\n      latency: { max: 10 }\n`,
    });
    expect(config.file).toBe('.github/ml-guardrails.yml');
    expect(config.baselineRef).toBe('merge-base');
    expect(config.rules.map((r) => [r.id, r.severity, r.on_missing, r.source.line])).toEqual([
      ['quality', 'error', 'warn', 5],
      ['speed', 'warning', 'skip', 10],
    ]);
  });

  it('follows include globs, reading each file once', async () => {
    const config = await load({
      '.github/ml-guardrails.yml': 'version: 1\ninclude:\n  - rules/*.yml\n  - rules/a.yml\n',
      'rules/a.yml': `rules:\n${METRICS_RULE}`,
      'rules/b.yml': `include:\n  - more/c.yml\nrules:\n${METRICS_RULE.replace('quality', 'quality-b')}`,
      'more/c.yml': `rules:\n${METRICS_RULE.replace('quality', 'quality-c')}`,
    });
    expect(config.rules.map((r) => `${r.id}@${r.source.file}`)).toEqual([
      'quality@rules/a.yml',
      'quality-b@rules/b.yml',
      'quality-c@more/c.yml',
    ]);
    expect(config.files).toEqual(['.github/ml-guardrails.yml', 'rules/a.yml', 'rules/b.yml', 'more/c.yml']);
  });

  it('reads --config relative to the repository root', async () => {
    const config = await load({ 'ci/rules.yaml': `version: 1\nrules:\n${METRICS_RULE}` }, 'ci/rules.yaml');
    expect(config.file).toBe('ci/rules.yaml');
  });
});

describe('loadConfig errors name the file, line, column and what was expected', () => {
  it('suggests the key that was probably meant', async () => {
    const error = await loadError({
      '.github/ml-guardrails.yml':
        'version: 1\nrules:\n  - id: q\n    kind: metrics\n    file: m.json\n    metrics:\n      accuracy: { max_drp: 0.01 }\n',
    });
    expect(error.toOneLine()).toBe('.github/ml-guardrails.yml:7:19: `max_drp` is not a valid key in `accuracy` (did you mean `max_drop`?)');
  });

  it('reports a wrong type with the key and the value given', async () => {
    const error = await loadError({
      '.github/ml-guardrails.yml':
        'version: 1\nrules:\n  - id: q\n    kind: metrics\n    file: m.json\n    metrics:\n      accuracy: { min: "high" }\n',
    });
    expect(error.toOneLine()).toMatch(/^\.github\/ml-guardrails\.yml:7:\d+: `min` must be a number \(got "high"\)$/);
  });

  it('says what a mapping of names holds when a list or a value is given instead', async () => {
    const error = await loadError({
      '.github/ml-guardrails.yml': 'version: 1\nrules:\n  - id: q\n    kind: metrics\n    file: m.json\n    metrics: [accuracy]\n',
    });
    expect(error.toOneLine()).toMatch(/:6:\d+: `metrics` must be a mapping of metric names to bounds \(got a list\)$/);
  });

  it('lists every problem at once', async () => {
    const error = await loadError({
      '.github/ml-guardrails.yml':
        'version: 1\nrules:\n  - id: q\n    kind: metrics\n    severity: critical\n    file: 3\n    metrics:\n      a: { min: 1 }\n',
    });
    expect(error).toBeInstanceOf(ConfigErrorList);
    const lines = (error as ConfigErrorList).errors.map((e) => e.toOneLine());
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/:5:\d+: `severity` must be one of "error", "warning" \(got "critical"\)/);
    expect(lines[1]).toMatch(/:6:\d+: `file` must be a string \(got 3\)/);
  });

  it('names the unknown rule kind and lists the known ones', async () => {
    const error = await loadError({ '.github/ml-guardrails.yml': 'version: 1\nrules:\n  - id: q\n    kind: metric\n' });
    expect(error.toOneLine()).toMatch(/:4:11: unknown rule kind "metric" \(did you mean `metrics`\? known kinds: .*metrics/);
  });

  it('reports YAML syntax errors at their line', async () => {
    const error = await loadError({ '.github/ml-guardrails.yml': 'version: 1\nrules:\n  - id: q\n   kind: [metrics\n' });
    expect(error.message).toMatch(/^YAML syntax error/);
    expect(error.file).toBe('.github/ml-guardrails.yml');
    expect(error.line).toBeGreaterThanOrEqual(3);
  });

  it('rejects duplicate rule ids across files, naming both places', async () => {
    const error = await loadError({
      '.github/ml-guardrails.yml': `version: 1\ninclude: [rules/a.yml]\nrules:\n${METRICS_RULE}`,
      'rules/a.yml': `rules:\n${METRICS_RULE}`,
    });
    expect(error.toOneLine()).toBe(
      'rules/a.yml:2: duplicate rule id "quality" (first declared at .github/ml-guardrails.yml:4) (give every rule a unique id)',
    );
  });

  it('rejects include cycles', async () => {
    const error = await loadError({
      '.github/ml-guardrails.yml': 'version: 1\ninclude: [rules/a.yml]\n',
      'rules/a.yml': 'include: [rules/b.yml]\n',
      'rules/b.yml': 'include: [rules/a.yml]\n',
    });
    expect(error.message).toBe('include cycle: .github/ml-guardrails.yml → rules/a.yml → rules/b.yml → rules/a.yml');
    expect(error.file).toBe('rules/b.yml');
  });

  it('rejects includes that match nothing or leave the repository', async () => {
    expect((await loadError({ '.github/ml-guardrails.yml': 'version: 1\ninclude: [rules/*.yml]\n' })).message).toBe(
      'include "rules/*.yml" matches no file',
    );
    expect((await loadError({ '.github/ml-guardrails.yml': 'version: 1\ninclude: [../../etc/x.yml]\n' })).message).toMatch(
      /is not a path inside the repository/,
    );
  });

  it('explains a missing, empty or rule-less file and an unsupported version', async () => {
    expect((await loadError({ 'README.md': 'x' })).message).toMatch(
      /no rule file in the working tree: \.github\/ml-guardrails\.yml does not exist/,
    );
    expect((await loadError({ 'README.md': 'x' }, 'nope.yml')).message).toMatch(
      /no rule file in the working tree: nope\.yml does not exist/,
    );
    expect((await loadError({ '.github/ml-guardrails.yml': '' })).message).toBe('the rule file is empty');
    expect((await loadError({ '.github/ml-guardrails.yml': 'version: 1\nrules: []\n' })).message).toBe('the rule file defines no rules');
    expect((await loadError({ '.github/ml-guardrails.yml': `version: 2\nrules:\n${METRICS_RULE}` })).toOneLine()).toMatch(
      /:1:10: `version` must be 1 \(got 2\)/,
    );
  });

  it('refuses a rule file path outside the repository', async () => {
    await expect(load({ 'README.md': 'x' }, '../outside.yml')).rejects.toThrow(InputError);
  });
});
