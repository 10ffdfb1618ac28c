import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { evaluate } from '../src/engine.js';
import { defaultRuleKinds } from '../src/factory.js';
import { defineRuleKind } from '../src/rules/types.js';
import { GitFixture } from './support/git-fixture.js';

// The engine's own bound on a rule: past the operator's rule time limit the rule's signal is
// aborted and the rule ends as an error, whether its work listens to the signal or not.
const RULES = `version: 1
rules:
  - id: stuck
    kind: stuck
  - id: spinning
    kind: spinning
  - id: quality
    kind: metrics
    file: m.json
    metrics:
      accuracy: { min: 0.5 }
`;

let stoppedBySignal = false;
const kinds = {
  ...defaultRuleKinds,
  // Work that never settles and never looks at the signal.
  stuck: defineRuleKind({ kind: 'stuck', title: 'never ends', options: {}, evaluate: () => new Promise(() => {}) }),
  // CPU-bound work in slices that stops when its signal is aborted.
  spinning: defineRuleKind({
    kind: 'spinning',
    title: 'spins',
    options: { rounds: z.number().optional() },
    async evaluate(_options, context) {
      for (;;) {
        const until = performance.now() + 5;
        while (performance.now() < until);
        await new Promise((resolve) => setImmediate(resolve));
        if (context.signal.aborted) {
          stoppedBySignal = true;
          throw context.signal.reason;
        }
      }
    },
  }),
};

let repo: GitFixture;
beforeAll(() => {
  repo = GitFixture.init();
  repo.commit('rules', { '.github/ml-guardrails.yml': RULES, 'm.json': '{"accuracy": 0.9}\n' });
});
afterAll(() => repo.cleanup());

describe('the rule time limit', () => {
  it('ends a rule that runs past it as an error naming the limit; the other rules are judged', async () => {
    const report = await evaluate({ repoDir: repo.dir, kinds, limits: { ruleTimeoutMs: 2000 } });
    const byId = new Map(report.rules.map((r) => [r.id, r]));
    for (const id of ['stuck', 'spinning']) {
      expect(byId.get(id)).toMatchObject({ status: 'error' });
      expect(byId.get(id)!.findings[0]!.message).toContain('the rule ran past its time limit of 2 s and was stopped');
    }
    expect(stoppedBySignal).toBe(true);
    expect(byId.get('quality')!.status).toBe('pass');
    expect(report.verdict).toBe('error');
  });
});
