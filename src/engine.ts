import { type LoadedConfig, type LoadedRule, loadConfig } from './config/load-config.js';
import { describeThrown, GitError, GuardrailsError } from './errors.js';
import { resolveBaseline } from './git/baseline.js';
import { Repository } from './git/repository.js';
import type { Workspace } from './git/workspace.js';
import { type BaselineInfo, finding, type Report, type RuleResult } from './report/model.js';
import { reportVerdict, ruleStatus } from './report/status.js';
import { summarizeFindings } from './report/summary.js';
import { missingFinding } from './rules/context.js';
import { ruleKinds } from './rules/registry.js';

export interface EvaluateOptions {
  /** Any folder inside the repository. */
  repoDir: string;
  /** Rule file path relative to the repository root (default `.github/ml-guardrails.yml`). */
  config?: string | undefined;
  /** A ref whose merge-base with head is the baseline; overrides the rule file. */
  base?: string | undefined;
  /** How the report names `base` (a door that passes a SHA can say where it came from). */
  baseLabel?: string | undefined;
  /** A commit to evaluate instead of the working tree. */
  head?: string | undefined;
  /** The branch the change targets (e.g. the PR's base branch), used for the merge-base. */
  defaultBranch?: string | undefined;
  signal?: AbortSignal | undefined;
  /** Called as each rule finishes, e.g. for progress or timing in a door. */
  onRuleEvaluated?: ((result: RuleResult) => void) | undefined;
}

/**
 * config + head workspace + baseline workspace → Report. Problems with the rule file, the
 * repository or a ref the user named are thrown (GuardrailsError); problems with one rule's
 * inputs become that rule's `error` findings, so the other rules still report.
 */
export async function evaluate(options: EvaluateOptions): Promise<Report> {
  const repo = await Repository.open(options.repoDir);
  const head = await openHead(repo, options.head);
  let baseline: Workspace | null = null;
  try {
    const config = await loadConfig(head, options.config);
    const baselineInfo = await resolveBaseline(repo, {
      headSha: head.sha,
      base: options.base,
      baseLabel: options.baseLabel,
      configRef: config.baselineRef,
      defaultBranch: options.defaultBranch,
    });
    baseline = baselineInfo.sha === null ? null : repo.commitWorkspace(baselineInfo.sha);
    const signal = options.signal ?? new AbortController().signal;
    const rules: RuleResult[] = [];
    for (const rule of config.rules) {
      signal.throwIfAborted();
      const result = await evaluateRule(rule, { head, baseline, baselineInfo, signal });
      rules.push(result);
      options.onRuleEvaluated?.(result);
    }
    return buildReport(config, baselineInfo, head, options.head === undefined, rules);
  } finally {
    await head.dispose();
    await baseline?.dispose();
  }
}

async function openHead(repo: Repository, ref: string | undefined): Promise<Workspace> {
  if (ref === undefined) return repo.workingTree();
  const sha = await repo.resolveCommit(ref);
  if (sha === null) {
    throw new GitError(`head ref "${ref}" does not exist in this repository`, {
      hint: 'pass --head a branch, tag or commit that exists, or leave it out to check the working tree',
    });
  }
  return repo.commitWorkspace(sha);
}

interface RuleInputs {
  head: Workspace;
  baseline: Workspace | null;
  baselineInfo: BaselineInfo;
  signal: AbortSignal;
}

/** Runs one rule; whatever it throws becomes an `error` finding (fail closed, never a pass). */
export async function evaluateRule(rule: LoadedRule, inputs: RuleInputs): Promise<RuleResult> {
  const kind = ruleKinds[rule.kind];
  let findings;
  let summary: string | undefined;
  try {
    if (kind === undefined) throw new Error(`unknown rule kind "${rule.kind}"`);
    const outcome = await kind.evaluate(rule.options as never, {
      rule,
      head: inputs.head,
      baseline: inputs.baseline,
      baselineInfo: inputs.baselineInfo,
      source: rule.source,
      signal: inputs.signal,
      missing: (fields) => missingFinding(rule.on_missing, fields),
    });
    findings = outcome.findings;
    summary = outcome.summary;
  } catch (error) {
    if (inputs.signal.aborted) throw error;
    const known = error instanceof GuardrailsError;
    findings = [
      finding({
        check: 'evaluate',
        status: 'error',
        message: known ? error.message + (error.hint ? ` (${error.hint})` : '') : `internal error: ${describeThrown(error)}`,
        file: known ? (error.file ?? rule.source.file) : rule.source.file,
        line: known ? (error.line ?? null) : rule.source.line,
      }),
    ];
  }
  if (findings.length === 0) {
    // A rule that checked nothing has not passed: say so instead of reporting green.
    findings = [
      finding({
        check: 'evaluate',
        status: 'error',
        message: 'the rule produced no findings: nothing was checked',
        file: rule.source.file,
        line: rule.source.line,
      }),
    ];
  }
  const status = ruleStatus(findings, rule.severity);
  return {
    id: rule.id,
    kind: rule.kind,
    severity: rule.severity,
    status,
    summary: summary ?? summarizeFindings(findings, status),
    findings,
    source: rule.source,
  };
}

function buildReport(config: LoadedConfig, baseline: BaselineInfo, head: Workspace, workingTree: boolean, rules: RuleResult[]): Report {
  const report: Report = {
    verdict: reportVerdict(rules),
    base: baseline.sha,
    head: head.sha,
    baseline,
    headSource: workingTree ? 'working tree' : 'commit',
    config: config.file,
    rules,
  };
  // Only present when configured, so reports of rule files without it keep their shape.
  if (config.deploy !== undefined) report.deploy = config.deploy;
  return report;
}
