import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defaultRuleKinds as ruleKinds } from '../../../src/factory.js';
import { metricsRule } from '../../../src/rules/metrics/metrics-rule.js';

const schema = z.strictObject(metricsRule.options);

function issues(options: unknown): string[] {
  const result = schema.safeParse(options);
  if (result.success) return [];
  return result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('metrics options', () => {
  it('is registered as the `metrics` kind', () => {
    expect(ruleKinds.metrics).toBe(metricsRule);
  });

  it('accepts the rule from DESIGN.md exactly as written, with format defaulting to auto', () => {
    const parsed = schema.parse({
      file: 'metrics/eval.json',
      metrics: {
        accuracy: { min: 0.9, max_drop: 0.01 },
        f1: { max_drop_pct: 2 },
        'slices.*.accuracy': { max_gap: 0.05 },
      },
    });
    expect(parsed.format).toBe('auto');
    expect(parsed.metrics['slices.*.accuracy']).toEqual({ max_gap: 0.05 });
  });

  it('rejects a metric with no checks, saying which checks exist', () => {
    expect(issues({ file: 'm.json', metrics: { accuracy: {} } })).toEqual([
      'metrics.accuracy: give at least one check: min, max, max_drop, max_rise, max_drop_pct, max_rise_pct, max_gap',
    ]);
  });

  it('rejects an unknown check and suggests the one meant', () => {
    expect(issues({ file: 'm.json', metrics: { accuracy: { max_drp: 0.1 } } })).toEqual([
      'metrics.accuracy: `max_drp` is not a metrics check; did you mean `max_drop`?',
    ]);
  });

  it('rejects negative drop, rise and gap amounts', () => {
    const found = issues({ file: 'm.json', metrics: { a: { max_drop: -1, max_rise_pct: -2 }, 's.*': { max_gap: -0.1 } } });
    expect(found).toHaveLength(3);
    expect(found[0]).toContain('max_drop is a non-negative amount');
  });

  it('rejects min above max', () => {
    expect(issues({ file: 'm.json', metrics: { a: { min: 0.9, max: 0.8 } } })).toEqual([
      'metrics.a: min is greater than max, so no value could pass',
    ]);
  });

  it('rejects max_gap on a pattern without a wildcard, and partial wildcards', () => {
    expect(issues({ file: 'm.json', metrics: { accuracy: { max_gap: 0.1 } } })).toEqual([
      'metrics.accuracy.max_gap: max_gap compares the metrics a `*` pattern matches, and "accuracy" has no `*`',
    ]);
    expect(issues({ file: 'm.json', metrics: { 'slices.acc*': { min: 0 } } })[0]).toContain('must stand for a whole key segment');
    expect(issues({ file: 'm.json', metrics: { 'a..b': { min: 0 } } })[0]).toContain('empty segment');
  });

  it('rejects an empty metrics list, globs and paths outside the repository', () => {
    expect(issues({ file: 'm.json', metrics: {} })).toEqual(['metrics: list at least one metric to check']);
    expect(issues({ file: 'runs/*.json', metrics: { a: { min: 0 } } })[0]).toContain('is a glob');
    expect(issues({ file: '../x.json', metrics: { a: { min: 0 } } })).toEqual(['file: path "../x.json" points outside the repository']);
    expect(issues({ file: 'm.json', format: 'toml', metrics: { a: { min: 0 } } })).toHaveLength(1);
  });

  it('produces a JSON Schema with descriptions for editors', () => {
    const json = z.toJSONSchema(schema, { io: 'input' }) as {
      properties: Record<
        string,
        {
          description?: string;
          additionalProperties?: { additionalProperties?: boolean; properties?: Record<string, { description?: string }> };
        }
      >;
    };
    expect(json.properties.file?.description).toContain('MLflow run folder');
    const checks = json.properties.metrics?.additionalProperties;
    expect(checks?.additionalProperties).toBe(false);
    expect(checks?.properties?.max_drop_pct?.description).toContain('percent of the baseline');
  });
});
