/**
 * The Report: one plain value that every renderer (JSON, text, markdown, annotations) reads.
 * Its JSON form is a public interface (see DESIGN.md); fields are only ever added.
 */

export type Status = 'pass' | 'fail' | 'warn' | 'error' | 'skip';
export type Severity = 'error' | 'warning';
export type Verdict = 'pass' | 'fail' | 'error';
export type OnMissing = 'fail' | 'warn' | 'skip';

export interface Finding {
  /** What was checked, e.g. `min`, `max_drop`, `schema.removed`, `file`. */
  check: string;
  status: Status;
  /** One sentence a reviewer can act on. */
  message: string;
  observed: unknown;
  expected: unknown;
  baseline: unknown;
  /** Repository-relative file the finding points at (data, metrics or rule file). */
  file: string | null;
  line: number | null;
  /** The metric key or column the finding is about, when there is one. */
  subject?: string | undefined;
  /** Example offending rows or values, folded away in the markdown report. */
  samples?: unknown[] | undefined;
  /**
   * The metric's value at recent commits of the default branch, oldest first, when the rule read
   * them from git: drawn as a small chart under a failing metric.
   */
  history?: MetricHistoryPoint[] | undefined;
}

export interface MetricHistoryPoint {
  sha: string;
  value: number;
}

export interface RuleSource {
  /** The rule file that declares the rule. */
  file: string;
  line: number;
}

export interface RuleResult {
  id: string;
  kind: string;
  severity: Severity;
  status: Status;
  summary: string;
  findings: Finding[];
  /** Where the rule is declared, for annotations on the rule file. */
  source?: RuleSource | undefined;
  /** Data the rule asks the door to keep (notes to write and push); see RuleRecord. */
  records?: RuleRecord[] | undefined;
}

/**
 * Something a rule wants kept after the run, as data: the door decides whether and where to
 * persist it (the Action writes notes and pushes them from the default branch only).
 */
export interface RuleRecord {
  type: 'note';
  /** Notes ref, e.g. `refs/notes/ml-guardrails`. */
  notesRef: string;
  /** The commit the record is about (the one that was measured). */
  commit: string;
  /** Key under which the rule's data is stored in the note (the rule id, usually). */
  key: string;
  /** JSON-serialisable data. */
  data: unknown;
}

/** How one rule (or a file-wide setting) differs between the baseline's rule files and the head's. */
export interface RuleChange {
  /** The rule id, `deploy:` / `baseline:` / `extends:` for file-wide settings, or a referenced file's path. */
  id: string;
  change: 'added' | 'removed' | 'modified';
  /** One line per changed field: `min: 0.9 → 0.5`. */
  details: string[];
  /** For a file the rules refer to (a contract): the ids of the rules that read it. */
  referencedBy?: string[] | undefined;
}

/** The rule file's `deploy:` section (validated by config/schema.ts). */
export interface DeployConfig {
  when: 'merged' | 'passed';
  environment: string;
  via: 'deployment' | 'workflow_dispatch' | 'repository_dispatch';
  workflow?: string | undefined;
  event_type?: string | undefined;
}

/** The rule file's `acceptance:` section: who may accept a failing rule (see docs/rule-file.md). */
export interface AcceptancePolicy {
  allow_author: boolean;
}

/** Which rule file governed the evaluation and what the head's would change. */
export interface RuleFileInfo {
  /** `baseline` normally (as CODEOWNERS); `head` when the baseline has none or --draft-rules. */
  governing: 'baseline' | 'head';
  reason: string;
  /** Rule by rule, what the head's rule files change; empty when they are the same. */
  changes: RuleChange[];
  /** What the head's rules would decide, when they differ (shown, never applied). */
  headVerdict?: Verdict | undefined;
  /** The head's added or modified rules, evaluated for the comparison. */
  headRules?: RuleResult[] | undefined;
}

export type BaselineMethod = 'merge-base' | 'ref' | 'none';

export interface BaselineInfo {
  /** The commit whose files are the baseline, or null when none could be found. */
  sha: string | null;
  method: BaselineMethod;
  /** Human sentence: which refs, or the fallback and why. */
  description: string;
}

export interface Report {
  verdict: Verdict;
  base: string | null;
  head: string | null;
  baseline: BaselineInfo;
  /** 'working tree' or 'commit': what the head side of the comparison was. */
  headSource: 'working tree' | 'commit';
  config: string;
  rules: RuleResult[];
  /** The rule file's `deploy:` section, when it has one: what the doors start when it passes. */
  deploy?: DeployConfig | undefined;
  /** The rule file's `acceptance:` section, when it has one (the App's `/guardrails accept`). */
  acceptance?: AcceptancePolicy | undefined;
  /** Which rule file governed, and how the head's differs (see RuleFileInfo). */
  ruleFile?: RuleFileInfo | undefined;
  /** Rules that came from an organization's shared file through `extends:`. */
  sharedRules?: SharedRulesInfo | undefined;
}

export interface SharedRulesInfo {
  /** `acme/.github` */
  origin: string;
  /** The shared rule file's path in that repository. */
  file: string;
  /** How many of the evaluated rules came from it (the rest are the repository's own). */
  count: number;
  /** "3 rules from acme/.github" */
  label: string;
}

/** A finding with every optional report field filled as null, so the JSON shape is stable. */
export function finding(fields: Pick<Finding, 'check' | 'status' | 'message'> & Partial<Finding>): Finding {
  const result: Finding = {
    check: fields.check,
    status: fields.status,
    message: fields.message,
    observed: fields.observed ?? null,
    expected: fields.expected ?? null,
    baseline: fields.baseline ?? null,
    file: fields.file ?? null,
    line: fields.line ?? null,
  };
  if (fields.subject !== undefined) result.subject = fields.subject;
  if (fields.samples !== undefined) result.samples = fields.samples;
  if (fields.history !== undefined) result.history = fields.history;
  return result;
}
