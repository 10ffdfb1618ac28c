// Repositories the App tests, the demo and the bench serve from the stand-in.
import type { StandinRepoOptions } from '../../standin/index.js';

export const RULES = `version: 1
rules:
  - id: model-quality
    kind: metrics
    file: metrics/eval.json
    metrics:
      accuracy: { min: 0.90, max_drop: 0.01 }
`;

/** A small opted-in repository: a metrics rule and its metrics on main. */
export function metricsRepo(name: string, extra = ''): StandinRepoOptions {
  return {
    owner: 'acme',
    name,
    files: { '.github/ml-guardrails.yml': RULES + extra, 'metrics/eval.json': '{"accuracy": 0.93}\n' },
    collaborators: { 'rita-reviewer': 'write', 'otto-outsider': 'read' },
  };
}
