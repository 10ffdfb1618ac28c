import { z } from 'zod';
import type { RuleKinds } from '../rules/types.js';
import { buildFileSchema } from './schema.js';

export const JSON_SCHEMA_PATH = 'rules/ml-guardrails.schema.json';

/**
 * The JSON Schema editors use to validate and complete rule files, generated from the zod
 * schema (the one source of truth). `io: 'input'` describes what users write: fields with
 * defaults are optional.
 */
export function buildJsonSchema(kinds: RuleKinds): Record<string, unknown> {
  const schema = z.toJSONSchema(buildFileSchema(kinds), { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: 'https://github.com/ml-guardrails/ml-guardrails/blob/main/rules/ml-guardrails.schema.json',
    title: 'ml-guardrails rule file',
    description: 'Rules in .github/ml-guardrails.yml (and files it includes) that guard ML pull requests.',
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  };
}

export function renderJsonSchema(kinds: RuleKinds): string {
  return `${JSON.stringify(buildJsonSchema(kinds), null, 2)}\n`;
}
