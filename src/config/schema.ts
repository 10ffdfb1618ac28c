import { z } from 'zod';
import type { DeployConfig } from '../report/model.js';
import type { RuleKind, RuleKinds } from '../rules/types.js';

/**
 * The rule file's schema: the single source of truth for validation, TypeScript types and the
 * JSON Schema that editors use (`rules/ml-guardrails.schema.json`, see scripts/generate-schema.ts).
 */

export const severitySchema = z
  .enum(['error', 'warning'])
  .describe('`error` blocks the merge when the rule fails; `warning` only reports.');

export const onMissingSchema = z
  .enum(['fail', 'warn', 'skip'])
  .describe('What an absent input or baseline does: fail (default), warn, or skip (still listed in the report).');

const ruleIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'a rule id is letters, digits, `.`, `_` and `-`, starting with a letter or digit')
  .describe('Unique name of the rule; used in reports and in `/guardrails accept <rule-id>`.');

/** Fields every rule has, whatever its kind. */
export const commonRuleShape = {
  id: ruleIdSchema,
  severity: severitySchema.optional(),
  on_missing: onMissingSchema.optional(),
  description: z.string().optional().describe('What the rule protects, shown in reports.'),
};

export const baselineSchema = z
  .strictObject({
    ref: z
      .string()
      .min(1)
      .default('merge-base')
      .describe('`merge-base` (default): the merge-base of the PR head and its target branch. Or a branch, tag or commit used as it is.'),
  })
  .describe('Where baseline numbers come from.');

export const defaultsSchema = z
  .strictObject({
    severity: severitySchema.optional(),
    on_missing: onMissingSchema.optional(),
  })
  .describe('Defaults for every rule in this file and its includes.');

export const deploySchema = z
  .strictObject({
    when: z.enum(['merged', 'passed']).default('merged').describe('Deploy after the PR is merged, or as soon as all guardrails pass.'),
    environment: z.string().min(1).default('production').describe('GitHub environment to deploy to.'),
    via: z
      .enum(['deployment', 'workflow_dispatch', 'repository_dispatch'])
      .default('deployment')
      .describe('How the deployment starts: a GitHub deployment, a workflow_dispatch or a repository_dispatch.'),
    workflow: z.string().min(1).optional().describe('Workflow file name or id, for `via: workflow_dispatch`.'),
    event_type: z.string().min(1).optional().describe('Event type, for `via: repository_dispatch` (default `ml-guardrails-deploy`).'),
  })
  .superRefine((deploy, ctx) => {
    // Caught when the rule file is read, not after the merge when the deployment would start.
    if (deploy.via === 'workflow_dispatch' && deploy.workflow === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['workflow'],
        message: 'is required with `via: workflow_dispatch` (the workflow file name, e.g. deploy.yml)',
      });
    }
    if (deploy.via !== 'workflow_dispatch' && deploy.workflow !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['workflow'],
        message: `only applies to \`via: workflow_dispatch\` (this section says \`via: ${deploy.via}\`)`,
      });
    }
    if (deploy.via !== 'repository_dispatch' && deploy.event_type !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['event_type'],
        message: `only applies to \`via: repository_dispatch\` (this section says \`via: ${deploy.via}\`)`,
      });
    }
  })
  .describe('What to start when the guardrails pass.');

const versionSchema = z.literal(1).describe('Rule file format version; only 1 exists.');
const includeSchema = z
  .array(z.string().min(1))
  .describe('More rule files (paths or globs relative to the repository root), each with its own `rules:` list.');

/** The main rule file. `rules` is checked per rule, with the schema of the rule's kind. */
export const mainFileSchema = z.strictObject({
  version: versionSchema.optional(),
  extends: z
    .string()
    .regex(
      /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+:[^\s]+$/,
      'write `extends:` as `<owner>/<repo>:<path>`, e.g. `acme/.github:ml-guardrails.yml`',
    )
    .optional()
    .describe(
      "Shared rules from an organization's `.github` repository, read at its default branch: `<owner>/<repo>:<path>`. This file's rules add to them or override them by id.",
    ),
  baseline: baselineSchema.optional(),
  defaults: defaultsSchema.optional(),
  include: includeSchema.optional(),
  rules: z.array(z.unknown()).optional(),
  deploy: deploySchema.optional(),
  acceptance: z
    .strictObject({
      allow_author: z
        .boolean()
        .default(false)
        .describe('Whether the author of a pull request may accept a failing rule of their own pull request (default false).'),
    })
    .optional()
    .describe("Who may accept a failing rule with `/guardrails accept`; the baseline's rule file decides, as for every rule."),
});

/** A file named by `include:`: more rules, and possibly more includes. */
export const includedFileSchema = z.strictObject({
  version: versionSchema.optional(),
  include: includeSchema.optional(),
  rules: z.array(z.unknown()).optional(),
});

/** The full schema of one rule of a given kind. */
export function ruleSchemaFor(kind: RuleKind) {
  return z.strictObject({
    ...commonRuleShape,
    kind: z.literal(kind.kind).describe(kind.title),
    ...kind.options,
  });
}

/** The whole rule file as one schema for the kinds given, for the editor JSON Schema. */
export function buildFileSchema(kinds: RuleKinds) {
  const rules = Object.values(kinds).map((kind) => ruleSchemaFor(kind));
  const rule = rules.length === 1 ? rules[0]! : z.discriminatedUnion('kind', rules as never);
  return mainFileSchema.extend({
    rules: z.array(rule).optional().describe('The guardrails: each rule has an id, a kind and its checks.'),
  });
}

export type { DeployConfig } from '../report/model.js';

// The report's DeployConfig and the schema's output must stay the same shape.
type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const deployShapeMatches: SameShape<z.output<typeof deploySchema>, DeployConfig> = true;
void deployShapeMatches;
