import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildJsonSchema } from '../../src/config/json-schema.js';
import { loadConfig } from '../../src/config/load-config.js';
import { evaluate } from '../../src/engine.js';
import { ConfigError, ConfigErrorList } from '../../src/errors.js';
import { defaultRuleKinds } from '../../src/factory.js';
import { Repository } from '../../src/git/repository.js';
import { finding } from '../../src/report/model.js';
import { defineRuleKind, type RuleKinds } from '../../src/rules/types.js';
import { GitFixture } from '../support/git-fixture.js';

/** A kind of the test's own: nothing in src/ knows it; it arrives only through the injected kinds. */
const latencyBudget = defineRuleKind({
  kind: 'latency-budget',
  title: 'A made-up kind for this test',
  options: {
    budget_ms: z.number().positive().describe('The budget, in milliseconds'),
    file: z.string().describe('A file holding one number'),
  },
  async evaluate(options, context) {
    const text = await context.head.readText(options.file);
    if (text === null) return { findings: [context.missing({ check: 'file', message: `${options.file} is missing` })] };
    const observed = Number(text);
    const status = observed <= options.budget_ms ? 'pass' : 'fail';
    return { findings: [finding({ check: 'budget', status, message: `${observed} ms against ${options.budget_ms} ms`, observed })] };
  },
});
const kinds: RuleKinds = { ...defaultRuleKinds, 'latency-budget': latencyBudget };

const fixtures: GitFixture[] = [];
afterEach(() => {
  for (const fixture of fixtures.splice(0)) fixture.cleanup();
});

function repoWith(rules: string, files: Record<string, string> = {}): GitFixture {
  const fixture = GitFixture.init();
  fixtures.push(fixture);
  fixture.commit('init', { '.github/ml-guardrails.yml': rules, ...files });
  return fixture;
}

describe('rule kinds are injected', () => {
  it('validates a kind it was given, with file:line and did-you-mean for its own keys', async () => {
    const fixture = repoWith('version: 1\nrules:\n  - id: speed\n    kind: latency-budget\n    file: t.txt\n    budget_mss: 5\n');
    const ws = await (await Repository.open(fixture.dir)).workingTree();
    const error = await loadConfig(ws, undefined, kinds).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const messages = (error instanceof ConfigErrorList ? error.errors : [error as ConfigError]).map((e) => e.toOneLine());
    expect(messages.join('\n')).toContain('.github/ml-guardrails.yml:6:5: `budget_mss` is not a valid key');
    expect(messages.join('\n')).toContain('did you mean `budget_ms`?');
  });

  it('does not know a kind it was not given, and lists the ones it knows', async () => {
    const fixture = repoWith('version: 1\nrules:\n  - id: speed\n    kind: latency-budget\n    file: t.txt\n    budget_ms: 5\n');
    const ws = await (await Repository.open(fixture.dir)).workingTree();
    await expect(loadConfig(ws, undefined, defaultRuleKinds)).rejects.toThrow(/unknown rule kind "latency-budget"/);
  });

  it('evaluates it through the engine and describes it in the editor JSON Schema', async () => {
    const fixture = repoWith('version: 1\nrules:\n  - id: speed\n    kind: latency-budget\n    file: t.txt\n    budget_ms: 5\n', {
      't.txt': '7',
    });
    const report = await evaluate({ repoDir: fixture.dir, kinds });
    expect(report.verdict).toBe('fail');
    expect(report.rules[0]).toMatchObject({ id: 'speed', kind: 'latency-budget', status: 'fail' });
    const schema = JSON.stringify(buildJsonSchema(kinds));
    expect(schema).toContain('"const":"latency-budget"');
    expect(schema).toContain('The budget, in milliseconds');
  });
});
