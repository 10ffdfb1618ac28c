import { z } from 'zod';
import { GuardrailsError } from '../../src/errors.js';
import { GitHistory } from '../../src/git/history.js';
import { Repository } from '../../src/git/repository.js';
import type { Workspace } from '../../src/git/workspace.js';
import { type Finding, finding, type Status } from '../../src/report/model.js';
import { ruleStatus } from '../../src/report/status.js';
import { missingFinding } from '../../src/rules/context.js';
import { dataContractRule } from '../../src/rules/data-contract/index.js';
import { DEFAULT_LIMITS, type ResourceLimits } from '../../src/rules/limits.js';
import type { RuleContext, RuleOutcome } from '../../src/rules/types.js';

export interface RunResult extends RuleOutcome {
  status: Status;
}

/**
 * Evaluates a data-contract rule the way the engine does: options parsed with the kind's
 * strict schema, head = working tree (or a commit), baseline = a commit or none, a thrown
 * GuardrailsError turned into an `error` finding.
 */
export async function runDataContract(
  dir: string,
  options: Record<string, unknown>,
  sides: {
    baseline?: string | null;
    head?: string;
    severity?: 'error' | 'warning';
    on_missing?: 'fail' | 'warn' | 'skip';
    limits?: Partial<ResourceLimits>;
    signal?: AbortSignal;
  } = {},
): Promise<RunResult> {
  const repo = await Repository.open(dir);
  const head: Workspace = sides.head === undefined ? await repo.workingTree() : repo.commitWorkspace(sides.head);
  const baseline = sides.baseline === undefined || sides.baseline === null ? null : repo.commitWorkspace(sides.baseline);
  const policy = sides.on_missing ?? 'fail';
  const context: RuleContext = {
    rule: { id: 'data', kind: 'data-contract', severity: sides.severity ?? 'error', on_missing: policy },
    head,
    // The head's rules govern here: the contract is read beside them.
    rules: head,
    baseline,
    baselineInfo: {
      sha: sides.baseline ?? null,
      method: sides.baseline ? 'merge-base' : 'none',
      description: sides.baseline ? 'merge-base' : 'no baseline commit',
    },
    source: { file: '.github/ml-guardrails.yml', line: 3 },
    missing: (fields) => missingFinding(policy, fields),
    signal: sides.signal ?? new AbortController().signal,
    mayExecute: false,
    limits: { ...DEFAULT_LIMITS, ...sides.limits },
    history: new GitHistory(repo.root, repo.head),
  };
  try {
    const parsed = z.strictObject(dataContractRule.options).parse(options);
    const outcome = await dataContractRule.evaluate(parsed, context);
    return { ...outcome, status: ruleStatus(outcome.findings, context.rule.severity) };
  } catch (error) {
    if (!(error instanceof GuardrailsError)) throw error;
    const findings: Finding[] = [
      finding({ check: error.kind, status: 'error', message: error.toOneLine(), file: error.file ?? null, line: error.line ?? null }),
    ];
    return { findings, status: 'error' };
  } finally {
    await head.dispose();
    await baseline?.dispose();
  }
}

/** `check subject` of every finding with that status, for exact assertions. */
export function keysWith(result: RuleOutcome, ...statuses: Status[]): string[] {
  return result.findings.filter((f) => statuses.includes(f.status)).map((f) => `${f.check} ${f.subject ?? ''}`.trim());
}
