import { type LoadedConfig, loadConfig, MissingRuleFileError } from './config/load-config.js';
import { diffReferencedFiles, diffRuleFiles } from './config/rule-changes.js';
import { describeThrown } from './errors.js';
import type { Workspace } from './git/workspace.js';
import type { RuleChange } from './report/model.js';
import type { RuleKinds } from './rules/types.js';

/**
 * Which rule file governs an evaluation. Like CODEOWNERS, the rules that judge a change are the
 * ones at its baseline: a pull request cannot soften, delete or redirect the guardrails that
 * judge it. The head's rules govern only when the baseline has none (the pull request that adopts
 * the guardrails), when the baseline's do not load, or when the operator asks (`--draft-rules`).
 * Everything the governing rules refer to that defines a verdict (contracts) is read from the same
 * commit: `rulesWorkspace` below.
 */
export interface GoverningRules {
  config: LoadedConfig;
  governing: 'baseline' | 'head';
  /** Why these rules govern, in words for the report. */
  reason: string;
  /** The head's rules when they differ from the governing ones (evaluated, never deciding). */
  headConfig: LoadedConfig | undefined;
  /** The governing rules were written by the pull request (it adopts the guardrails): read tracked files only. */
  writtenByChange: boolean;
  changes: RuleChange[];
}

export interface GovernanceRequest {
  head: Workspace;
  /** The commit the rules are read at (the baseline), or null when there is none. */
  trusted: Workspace | null;
  configPath: string | undefined;
  kinds: RuleKinds;
  /** The operator asked for the head's rules (editing them locally); never the CI default. */
  draftRules: boolean;
  /** The head is itself trusted (a push to the default branch: it was reviewed to get there). */
  headTrusted: boolean;
}

export async function chooseGoverningRules(request: GovernanceRequest): Promise<GoverningRules> {
  const { head, trusted, configPath, kinds } = request;
  // The head's rule file must load even when it does not govern: merging a broken one would
  // break the guardrails for everyone after it.
  const headConfig = await loadOptional(head, configPath, kinds);
  if (request.draftRules) {
    if (headConfig === null) await loadConfig(head, configPath, kinds); // throws the "no rule file" error
    return headGoverns(headConfig!, `the ${head.label}'s rule file (--draft-rules: not what CI applies)`, false);
  }
  if (request.headTrusted) {
    if (headConfig === null) await loadConfig(head, configPath, kinds);
    return headGoverns(headConfig!, `the ${head.label}'s rule file: it is on the default branch, which is trusted`, false);
  }
  if (trusted === null) {
    if (headConfig === null) await loadConfig(head, configPath, kinds);
    return headGoverns(headConfig!, `the ${head.label}'s rule file: there is no baseline commit to read rules from`, true);
  }
  let baseConfig: LoadedConfig | null;
  try {
    baseConfig = await loadOptional(trusted, configPath, kinds);
  } catch (error) {
    if (headConfig === null) throw error;
    return headGoverns(
      headConfig,
      `the ${head.label}'s rule file: the baseline's (${trusted.label}) does not load: ${describeThrown(error)}`,
      true,
    );
  }
  if (baseConfig === null) {
    if (headConfig === null) await loadConfig(head, configPath, kinds);
    return headGoverns(
      headConfig!,
      `the ${head.label}'s rule file: the baseline ${trusted.label} has none, so this change adopts the guardrails`,
      true,
    );
  }
  if (headConfig === null) {
    return {
      config: baseConfig,
      governing: 'baseline',
      reason: `the baseline's rule file (${trusted.label}); this change deletes it`,
      headConfig: undefined,
      writtenByChange: false,
      changes: [{ id: baseConfig.file, change: 'removed', details: ['the head has no rule file: once merged, no guardrail runs'] }],
    };
  }
  // Contracts are read where the rule file is: the head's edits to them are rule changes too.
  const changes = [
    ...diffRuleFiles(baseConfig, headConfig),
    ...(await diffReferencedFiles(baseConfig, headConfig, { baseline: trusted, head }, kinds)),
  ];
  return {
    config: baseConfig,
    governing: 'baseline',
    reason: `the baseline's rule file (${trusted.label}), as GitHub reads CODEOWNERS from the base`,
    headConfig: changes.length > 0 ? headConfig : undefined,
    writtenByChange: false,
    changes,
  };
}

function headGoverns(config: LoadedConfig, reason: string, writtenByChange: boolean): GoverningRules {
  return { config, governing: 'head', reason, headConfig: undefined, writtenByChange, changes: [] };
}

/** The rule file of a workspace, or null when it has none; a file that does not load throws. */
async function loadOptional(workspace: Workspace, configPath: string | undefined, kinds: RuleKinds): Promise<LoadedConfig | null> {
  try {
    return await loadConfig(workspace, configPath, kinds);
  } catch (error) {
    if (error instanceof MissingRuleFileError) return null;
    throw error;
  }
}
