import { z } from 'zod';
import { fullFileSchema } from './schema.js';

export const JSON_SCHEMA_PATH = 'rules/ml-guardrails.schema.json';

/**
 * The JSON Schema editors use to validate and complete rule files, generated from the zod
 * schema (the one source of truth). `io: 'input'` describes what users write: fields with
 * defaults are optional.
 */
export function buildJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(fullFileSchema(), { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: 'https://github.com/ml-guardrails/ml-guardrails/blob/main/rules/ml-guardrails.schema.json',
    title: 'ml-guardrails rule file',
    description: 'Rules in .github/ml-guardrails.yml (and files it includes) that guard ML pull requests.',
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  };
}

export function renderJsonSchema(): string {
  return `${JSON.stringify(buildJsonSchema(), null, 2)}\n`;
}
