import { applyExtends, type ReadSharedFile } from './config/extends.js';
import type { LoadedConfig, LoadedRule } from './config/load-config.js';
import { changedHeadRules } from './config/rule-changes.js';
import { describeThrown, GitError, GuardrailsError } from './errors.js';
import { defaultRuleKinds } from './factory.js';
import { resolveBaseline } from './git/baseline.js';
import type { WorkspaceOptions } from './git/glob-files.js';
import { GitHistory } from './git/history.js';
import type { LfsObjects } from './git/lfs.js';
import { Repository } from './git/repository.js';
import type { Workspace } from './git/workspace.js';
import { type BaselineInfo, type Finding, finding, type Report, type RuleFileInfo, type RuleResult } from './report/model.js';
import { reportVerdict, ruleStatus } from './report/status.js';
import { summarizeFindings } from './report/summary.js';
import { chooseGoverningRules, type GoverningRules } from './rule-governance.js';
import { ruleTimeLimit } from './rule-time-limit.js';
import { missingFinding } from './rules/context.js';
import { DEFAULT_LIMITS, type ResourceLimits } from './rules/limits.js';
import type { RepositoryHistory, RuleKinds, RuleRecord } from './rules/types.js';
import { untrackedInputsPolicy } from './untracked-inputs.js';

export interface EvaluateOptions {
  /** Any folder inside the repository. */
  repoDir: string;
  /** Rule file path relative to the repository root (default `.github/ml-guardrails.yml`). */
  config?: string | undefined;
  /** A ref the user named (`--base`, the Action's `base` input) whose merge-base with head is the baseline; overrides the rule file. */
  base?: string | undefined;
  /** How the report names `base`. */
  baseLabel?: string | undefined;
  /** A commit to evaluate instead of the working tree. */
  head?: string | undefined;
  /**
   * What the change targets (the PR's base commit, given by the door): the merge-base with it is
   * the baseline unless the governing rule file's `baseline.ref` names another. Default: the
   * default branch.
   */
  target?: string | undefined;
  /** How the report names `target`, e.g. "main at 1a2b3c4 (the pull request's base)". */
  targetLabel?: string | undefined;
  /**
   * Environment for git fetches from origin (the App's auth header). Fetching a ref the clone
   * lacks (`baseline.ref`) then works in the App's partial clone, blobs included.
   */
  fetchEnv?: Record<string, string> | undefined;
  /** The rule kinds (default: every kind in src/factory.ts). */
  kinds?: RuleKinds | undefined;
  /** Whether rules may run commands from the repository: false in the App. Default true. */
  mayExecute?: boolean | undefined;
  /** Fetches Git LFS objects when a rule reads a pointer (the App; the Action's checkout has the data). */
  lfs?: LfsObjects | undefined;
  /** The operator's ceilings (default DEFAULT_LIMITS). */
  limits?: Partial<ResourceLimits> | undefined;
  /** Apply the head's rule file instead of the baseline's (editing rules locally; never CI). */
  draftRules?: boolean | undefined;
  /** The head is on the default branch (a push after a merge): its own rules govern. */
  headTrusted?: boolean | undefined;
  signal?: AbortSignal | undefined;
  /** Reads `extends:` shared rules from another repository (a door with GitHub access gives one). */
  readSharedFile?: ReadSharedFile | undefined;
  /**
   * `owner/name` repositories that rules written by the change may extend (the door's: the owner's
   * `.github` and the operator's list). Default none. The baseline's rules, being trusted, may extend any.
   */
  extendsAllow?: readonly string[] | undefined;
  /**
   * Untracked files (globs) that rules written by the change may read besides verified DVC outputs:
   * the operator's ML_GUARDRAILS_UNTRACKED_INPUTS (src/untracked-inputs.ts). Default none.
   */
  untrackedInputs?: readonly string[] | undefined;
  /** Told of every fetch or deepening of the clone (the CLI prints these on stderr). */
  notice?: ((message: string) => void) | undefined;
  /** Called as each rule finishes, e.g. for progress or timing in a door. */
  onRuleEvaluated?: ((result: RuleResult) => void) | undefined;
}

/**
 * config + head workspace + baseline workspace → Report. Problems with the rule file, the
 * repository or a ref the user named are thrown (GuardrailsError); problems with one rule's
 * inputs become that rule's `error` findings, so the other rules still report.
 */
export async function evaluate(options: EvaluateOptions): Promise<Report> {
  const signal = options.signal ?? new AbortController().signal;
  const kinds = options.kinds ?? defaultRuleKinds;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const repo = await Repository.open(options.repoDir, signal, options.fetchEnv);
  const head = await openHead(repo, options.head, { maxFilesPerGlob: limits.maxFilesPerGlob });
  const opened: Workspace[] = [head];
  const disposers: (() => Promise<void>)[] = [];
  try {
    const baselineRequest = {
      headSha: head.sha,
      base: options.base,
      baseLabel: options.baseLabel,
      target: options.target,
      targetLabel: options.targetLabel,
      notice: options.notice,
    };
    // The rules are read at the baseline (the merge-base), so this first resolution cannot
    // follow the rule file's own `baseline.ref`; the governing file's is applied just below.
    let baselineInfo = await resolveBaseline(repo, baselineRequest);
    // `--head` at the baseline commit (main against main): one workspace, so its tree is listed
    // and a dataset extracted or hashed once. The working tree is never the commit.
    const headCommit = options.head !== undefined ? head : null;
    const trusted =
      baselineInfo.sha === null
        ? null
        : baselineInfo.sha === headCommit?.sha
          ? headCommit
          : repo.commitWorkspace(baselineInfo.sha, { maxFilesPerGlob: limits.maxFilesPerGlob });
    if (trusted !== null && trusted !== head) opened.push(trusted);
    const chosen = await chooseGoverningRules({
      head,
      trusted,
      configPath: options.config,
      kinds,
      draftRules: options.draftRules ?? false,
      headTrusted: options.headTrusted ?? false,
    });
    // `extends:` brings in an organization's shared rules; the repository's own override them by id.
    // Rules the change wrote may extend only what the organization designates.
    const allow = options.extendsAllow ?? [];
    const extended = await applyExtends(chosen.config, options.readSharedFile, kinds, { writtenByChange: chosen.writtenByChange, allow });
    // What the baseline's (trusted) rules extend is designated too: the head may keep extending it.
    const headAllow = extended.shared === undefined || chosen.writtenByChange ? allow : [...allow, extended.shared.origin];
    const headExtended =
      chosen.headConfig === undefined
        ? undefined
        : (await applyExtends(chosen.headConfig, options.readSharedFile, kinds, { writtenByChange: true, allow: headAllow })).config;
    const rules: GoverningRules = { ...chosen, config: extended.config, headConfig: headExtended };
    if (options.base === undefined && rules.config.baselineRef !== 'merge-base') {
      baselineInfo = await resolveBaseline(repo, { ...baselineRequest, configRef: rules.config.baselineRef });
    }
    const baseline =
      baselineInfo.sha === null
        ? null
        : baselineInfo.sha === trusted?.sha
          ? trusted
          : repo.commitWorkspace(baselineInfo.sha, { maxFilesPerGlob: limits.maxFilesPerGlob });
    if (baseline !== null && baseline !== trusted && baseline !== head) opened.push(baseline);

    // The workspaces already open are handed to the history, so a rule asking for them reads the same ones.
    const history = new GitHistory(
      repo.root,
      head.sha,
      [trusted, baseline].filter((w) => w !== null),
    );
    disposers.push(() => history.dispose());
    // Rules the pull request wrote read only what git tracks, and the untracked files (what an
    // earlier CI step left) that src/untracked-inputs.ts lets through.
    const needsTrackedOnly = options.head === undefined && (rules.writtenByChange || rules.headConfig !== undefined);
    let pullRequestHead = head;
    if (needsTrackedOnly) {
      const committed = head.sha === null ? null : repo.commitWorkspace(head.sha, { maxFilesPerGlob: limits.maxFilesPerGlob });
      if (committed !== null) opened.push(committed);
      const untrackedInputs = untrackedInputsPolicy(committed, options.untrackedInputs ?? []);
      pullRequestHead = await repo.workingTree({ trackedOnly: true, untrackedInputs, maxFilesPerGlob: limits.maxFilesPerGlob });
      opened.push(pullRequestHead);
    }
    const inputs: RuleInputs = {
      head: rules.writtenByChange ? pullRequestHead : head,
      rules: rulesWorkspace(rules, trusted, rules.writtenByChange ? pullRequestHead : head),
      baseline,
      baselineInfo,
      signal,
      kinds,
      mayExecute: options.mayExecute ?? true,
      lfs: options.lfs,
      limits,
      history,
    };
    const results: RuleResult[] = [];
    for (const rule of rules.config.rules) {
      signal.throwIfAborted();
      const result = await evaluateRule(rule, inputs);
      results.push(result);
      options.onRuleEvaluated?.(result);
    }
    const report = buildReport(rules.config, baselineInfo, head, options.head === undefined, results);
    // The head's rules, shown never deciding, read their contracts where they were written: the head.
    report.ruleFile = await describeRuleFile(rules, results, { ...inputs, head: pullRequestHead, rules: pullRequestHead });
    if (extended.shared !== undefined) report.sharedRules = extended.shared;
    return report;
  } finally {
    for (const workspace of opened) await workspace.dispose();
    for (const dispose of disposers) await dispose();
  }
}

/**
 * The rules workspace: the commit the governing rule file was read from. Contracts and every other
 * file that defines a verdict come from it, so a pull request cannot loosen what judges it.
 */
function rulesWorkspace(rules: GoverningRules, trusted: Workspace | null, head: Workspace): Workspace {
  if (rules.governing === 'head') return head;
  if (trusted === null) throw new Error('the baseline governs, but there is no baseline commit to read its files from');
  return trusted;
}

/** Says which rules governed and, when the head changes them, what the head's would decide. */
async function describeRuleFile(rules: GoverningRules, governing: RuleResult[], inputs: RuleInputs): Promise<RuleFileInfo> {
  const info: RuleFileInfo = { governing: rules.governing, reason: rules.reason, changes: rules.changes };
  if (rules.headConfig === undefined) return info;
  const changed = new Map<string, RuleResult>();
  for (const rule of changedHeadRules(rules.changes, rules.headConfig)) {
    inputs.signal.throwIfAborted();
    changed.set(rule.id, await evaluateRule(rule, inputs));
  }
  const byId = new Map(governing.map((result) => [result.id, result]));
  const wouldBe = rules.headConfig.rules.map((rule) => changed.get(rule.id) ?? byId.get(rule.id)).filter((r) => r !== undefined);
  info.headRules = [...changed.values()];
  info.headVerdict = reportVerdict(wouldBe);
  return info;
}

async function openHead(repo: Repository, ref: string | undefined, options: WorkspaceOptions): Promise<Workspace> {
  if (ref === undefined) return repo.workingTree(options);
  const sha = await repo.resolveCommit(ref);
  if (sha === null) {
    throw new GitError(`head ref "${ref}" does not exist in this repository`, {
      hint: 'pass --head a branch, tag or commit that exists, or leave it out to check the working tree',
    });
  }
  return repo.commitWorkspace(sha, options);
}

export interface RuleInputs {
  head: Workspace;
  /** Where the governing rule file was read (see rulesWorkspace). */
  rules: Workspace;
  baseline: Workspace | null;
  baselineInfo: BaselineInfo;
  signal: AbortSignal;
  kinds: RuleKinds;
  mayExecute: boolean;
  limits: ResourceLimits;
  history: RepositoryHistory;
  lfs?: LfsObjects | undefined;
}

/** Runs one rule; whatever it throws becomes an `error` finding (fail closed, never a pass). */
export async function evaluateRule(rule: LoadedRule, inputs: RuleInputs): Promise<RuleResult> {
  const kind = Object.hasOwn(inputs.kinds, rule.kind) ? inputs.kinds[rule.kind] : undefined;
  let findings: Finding[];
  let records: RuleRecord[] | undefined;
  let summary: string | undefined;
  const timeLimit = ruleTimeLimit(inputs.limits.ruleTimeoutMs);
  const signal = AbortSignal.any([inputs.signal, timeLimit.signal]);
  try {
    if (kind === undefined) throw new Error(`unknown rule kind "${rule.kind}"`);
    const evaluation = kind.evaluate(rule.options as never, {
      rule,
      head: inputs.head,
      rules: inputs.rules,
      baseline: inputs.baseline,
      baselineInfo: inputs.baselineInfo,
      source: rule.source,
      signal,
      mayExecute: inputs.mayExecute,
      lfs: inputs.lfs,
      limits: inputs.limits,
      history: inputs.history,
      missing: (fields) => missingFinding(rule.on_missing, fields),
    });
    const outcome = await Promise.race([evaluation, timeLimit.reached]);
    findings = outcome.findings;
    summary = outcome.summary;
    records = outcome.records;
  } catch (thrown) {
    if (inputs.signal.aborted) throw thrown;
    const error = timeLimit.signal.aborted ? timeLimit.error : thrown;
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
  } finally {
    timeLimit.clear();
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
  const result: RuleResult = {
    id: rule.id,
    kind: rule.kind,
    severity: rule.severity,
    status,
    summary: summary ?? summarizeFindings(findings, status),
    findings,
    source: rule.source,
  };
  if (records !== undefined && records.length > 0) result.records = records;
  return result;
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
  if (config.acceptance !== undefined) report.acceptance = config.acceptance;
  return report;
}
