import type { z } from 'zod';
import type { Workspace } from '../git/workspace.js';
import type { BaselineInfo, Finding, OnMissing, RuleRecord, RuleSource, Severity } from '../report/model.js';

export type { RuleRecord } from '../report/model.js';

import type { LfsObjects } from '../git/lfs.js';
import type { ResourceLimits } from './limits.js';

/** Fields every rule has, whatever its kind. */
export interface RuleCommon {
  id: string;
  kind: string;
  severity: Severity;
  on_missing: OnMissing;
  description?: string | undefined;
}

export interface RuleContext {
  rule: RuleCommon;
  /** The files under evaluation (the PR head or the working tree). */
  head: Workspace;
  /** The files at the baseline commit, or null when no baseline could be found. */
  baseline: Workspace | null;
  /**
   * The rules workspace: where the governing rule file was read (the baseline, or the head when
   * the head's rules govern). Files a rule refers to that define its verdict (contracts) come from here.
   */
  rules: Workspace;
  /** How the baseline was chosen, or why there is none. */
  baselineInfo: BaselineInfo;
  /** Where the rule is declared. */
  source: RuleSource;
  /**
   * A finding for an input or baseline that is absent, with the status the rule's
   * `on_missing` policy gives it (`fail`, `warn` or `skip`): never a silent pass.
   */
  missing(fields: Pick<Finding, 'check' | 'message'> & Partial<Finding>): Finding;
  /** Aborted when the evaluation is superseded (a newer push) or times out. */
  signal: AbortSignal;
  /**
   * Whether this door may run commands from the repository (a benchmark's `run:`): true in
   * the CLI and the Action, false in the App, which never executes code from a pull request.
   */
  mayExecute: boolean;
  /** The operator's ceilings for time, memory, threads and files (see limits.ts). */
  limits: ResourceLimits;
  /** The repository's history beyond files: worktrees, notes, ancestors (see RepositoryHistory). */
  history: RepositoryHistory;
  /**
   * Git LFS objects fetched on demand, where the door has no checkout with the data (the App).
   * Absent elsewhere: a pointer file is then an error that says how to fetch the data.
   */
  lfs?: LfsObjects | undefined;
}

/**
 * What a rule may do with the repository's history. A rule that needs its own baseline (the
 * nearest ancestor with a note measured on the same hardware, say) walks `ancestors` and reads
 * notes itself, and names the baseline it used in its findings.
 */
export interface RepositoryHistory {
  /** The commit under evaluation (HEAD for the working tree), or null before the first commit. */
  readonly headSha: string | null;
  /** Absolute path of the repository's top-level folder (the head's files in the working tree). */
  readonly root: string;
  /**
   * Copies the tree of `sha` into a temporary folder without `.git` (no repository config, so no
   * persisted credentials), runs `use` with it, and always removes it (also on throw or abort).
   */
  withCommitCopy<T>(sha: string, use: (dir: string) => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** The same for the tracked files of the working tree as they are on disk. */
  withWorkingTreeCopy<T>(use: (dir: string) => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** The note on `sha` under `notesRef` (default `refs/notes/ml-guardrails`), or null. */
  readNote(sha: string, notesRef?: string): Promise<string | null>;
  /** The commit the notes ref points at (who pushed which notes is in its log), or null without notes. */
  notesCommit(notesRef?: string): Promise<string | null>;
  /**
   * First-parent ancestors of `sha`, nearest first, starting with `sha` itself, at most `limit`.
   */
  ancestors(sha: string, limit: number): Promise<string[]>;
  /** The files at a commit, read from git's object database; shared, and disposed when the evaluation ends. */
  commitWorkspace(sha: string): Workspace;
}

export interface RuleOutcome {
  findings: Finding[];
  /** One line for the report; the engine writes one from the findings when absent. */
  summary?: string | undefined;
  /** Data for the door to persist (notes to write and push); never acted on by the engine. */
  records?: RuleRecord[] | undefined;
}

/**
 * One rule kind: its options schema (the fields beyond the common ones) and how to evaluate a
 * rule of that kind. Assembled in `src/factory.ts` and handed to the config loader and engine.
 */
export interface RuleKind<Options extends z.ZodRawShape = z.ZodRawShape> {
  kind: string;
  /** One line for `--help`, errors that list the known kinds, and the JSON Schema. */
  title: string;
  /** The kind's own fields, as a zod shape; the config loader adds the common fields. */
  options: Options;
  evaluate(options: z.output<z.ZodObject<Options>>, context: RuleContext): Promise<RuleOutcome>;
  /** Repository files the rule refers to that define its verdict (a contract file), as written. */
  referencedFiles?(options: z.output<z.ZodObject<Options>>): string[];
}

/** Declares a rule kind with its option types inferred from the schema. */
export function defineRuleKind<Options extends z.ZodRawShape>(kind: RuleKind<Options>): RuleKind<Options> {
  return kind;
}

/** Rule kinds by the name used in `kind:`. */
export type RuleKinds = Readonly<Record<string, RuleKind>>;

/** The kind names, sorted, for messages that list them. */
export function kindNames(kinds: RuleKinds): string[] {
  return Object.keys(kinds).sort();
}
