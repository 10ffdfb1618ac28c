import { toRepoPath } from '../git/repo-path.js';
import type { Workspace } from '../git/workspace.js';
import type { RuleChange } from '../report/model.js';
import type { RuleKinds } from '../rules/types.js';
import type { LoadedConfig, LoadedRule } from './load-config.js';

/**
 * Rule by rule, what the head's rule files change against the baseline's. Defaults are already
 * folded into each rule (severity, on_missing), so a changed `defaults:` shows on every rule it
 * touches, which is what a reviewer needs to see.
 */
export function diffRuleFiles(baseline: LoadedConfig, head: LoadedConfig): RuleChange[] {
  const changes: RuleChange[] = [];
  const before = new Map(baseline.rules.map((rule) => [rule.id, rule]));
  const after = new Map(head.rules.map((rule) => [rule.id, rule]));
  for (const [id, rule] of before) {
    const next = after.get(id);
    if (next === undefined) changes.push({ id, change: 'removed', details: [`was ${describeRule(rule)}`] });
    else {
      const details = diffFields(settingsOf(rule), settingsOf(next));
      if (details.length > 0) changes.push({ id, change: 'modified', details });
    }
  }
  for (const [id, rule] of after) {
    if (!before.has(id)) changes.push({ id, change: 'added', details: [describeRule(rule)] });
  }
  const fileWide: [string, unknown, unknown][] = [
    ['baseline:', { ref: baseline.baselineRef }, { ref: head.baselineRef }],
    ['deploy:', baseline.deploy ?? null, head.deploy ?? null],
    ['extends:', baseline.extends ?? null, head.extends ?? null],
    ['acceptance:', baseline.acceptance ?? null, head.acceptance ?? null],
  ];
  for (const [id, a, b] of fileWide) {
    const details = diffFields({ [id.replace(':', '')]: a }, { [id.replace(':', '')]: b });
    if (details.length > 0) changes.push({ id, change: 'modified', details });
  }
  return changes;
}

/**
 * Files the rules of either side refer to that define a verdict (contracts), changed by the head:
 * listed like rule changes, since they are read where the rule file is and govern once merged.
 */
export async function diffReferencedFiles(
  baseline: LoadedConfig,
  head: LoadedConfig,
  sides: { baseline: Workspace; head: Workspace },
  kinds: RuleKinds,
): Promise<RuleChange[]> {
  const readers = new Map<string, Set<string>>();
  for (const rule of [...baseline.rules, ...head.rules]) {
    const kind = Object.hasOwn(kinds, rule.kind) ? kinds[rule.kind] : undefined;
    for (const written of kind?.referencedFiles?.(rule.options as never) ?? []) {
      const file = repoPathOrNull(written);
      if (file === null) continue; // the rule itself reports the bad path
      readers.set(file, (readers.get(file) ?? new Set()).add(rule.id));
    }
  }
  const changes: RuleChange[] = [];
  for (const [file, ids] of [...readers].sort(([a], [b]) => a.localeCompare(b))) {
    const [before, after] = await Promise.all([readOrNull(sides.baseline, file), readOrNull(sides.head, file)]);
    if (before === null && after === null) continue;
    if (before !== null && after !== null && before.equals(after)) continue;
    const change = before === null ? 'added' : after === null ? 'removed' : 'modified';
    const verb = change === 'modified' ? 'changed' : change;
    changes.push({
      id: file,
      change,
      details: [`${file} ${verb} in this pull request; it governs once merged (read by ${[...ids].join(', ')})`],
      referencedBy: [...ids],
    });
  }
  return changes;
}

/** The head rules whose evaluation could differ from the baseline's: added, modified, or reading a changed file. */
export function changedHeadRules(changes: readonly RuleChange[], head: LoadedConfig): LoadedRule[] {
  const ids = new Set(
    changes.filter((c) => c.change !== 'removed' || c.referencedBy !== undefined).flatMap((c) => c.referencedBy ?? [c.id]),
  );
  return head.rules.filter((rule) => ids.has(rule.id));
}

function repoPathOrNull(written: string): string | null {
  try {
    return toRepoPath(written);
  } catch {
    return null;
  }
}

/** A side that cannot be read (a link leaving the repository) counts as absent there: the change still shows. */
async function readOrNull(workspace: Workspace, file: string): Promise<Buffer | null> {
  try {
    return await workspace.readBytes(file);
  } catch {
    return null;
  }
}

function settingsOf(rule: LoadedRule): Record<string, unknown> {
  return { ...rule.options, severity: rule.severity, on_missing: rule.on_missing };
}

function describeRule(rule: LoadedRule): string {
  return `${rule.kind} rule, severity ${rule.severity}, declared in ${rule.source.file}:${rule.source.line}`;
}

/** Flattened field paths whose values differ, as `path: before → after`. */
function diffFields(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const left = flatten(a);
  const right = flatten(b);
  const keys = [...new Set([...left.keys(), ...right.keys()])].sort();
  return keys
    .filter((key) => left.get(key) !== right.get(key))
    .map((key) => `${key}: ${left.get(key) ?? '(not set)'} → ${right.get(key) ?? '(not set)'}`);
}

function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix === '' ? key : `${prefix}.${key}`, out);
  } else if (value !== undefined) {
    out.set(prefix, JSON.stringify(value));
  }
  return out;
}
