// Writes rules/ml-guardrails.schema.json from the zod schema. `npm run schema`; a test fails
// when the committed file is stale.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSON_SCHEMA_PATH, renderJsonSchema } from '../src/config/json-schema.js';
import { defaultRuleKinds } from '../src/factory.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
writeFileSync(path.join(root, JSON_SCHEMA_PATH), renderJsonSchema(defaultRuleKinds));
console.log(`wrote ${JSON_SCHEMA_PATH}`);
