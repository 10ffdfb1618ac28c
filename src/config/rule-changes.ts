import type { RuleChange } from '../report/model.js';
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

/** The ids of head rules whose evaluation could differ from the baseline's: added or modified. */
export function changedHeadRules(changes: readonly RuleChange[], head: LoadedConfig): LoadedRule[] {
  const ids = new Set(changes.filter((c) => c.change !== 'removed').map((c) => c.id));
  return head.rules.filter((rule) => ids.has(rule.id));
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
