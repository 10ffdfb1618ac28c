import type { TableContract } from '../contract-model.js';
import { emptyContract } from '../contract-model.js';
import { checkRe2Pattern } from '../regex-safety.js';
import type { ContractDoc } from './contract-doc.js';

/**
 * A JSON Schema contract is applied as it is, to each JSONL record, by ajv (see
 * `jsonl-validate.ts`): it is not flattened into columns, because its power (nested objects,
 * `oneOf`, conditionals) has no column equivalent.
 */

export function isJsonSchema(data: Record<string, unknown>): boolean {
  return (
    (typeof data.$schema === 'string' && data.$schema.includes('json-schema')) || (data.type === 'object' && data.properties !== undefined)
  );
}

export function translateJsonSchema(doc: ContractDoc): TableContract {
  const schema = doc.data as Record<string, unknown>;
  checkPatterns(doc, schema, []);
  const contract = emptyContract();
  contract.jsonSchema = { schema, source: doc.sourceOf([]) };
  return contract;
}

/** ajv runs `pattern` on RE2: what RE2 cannot do is a configuration error at the pattern's line. */
function checkPatterns(doc: ContractDoc, node: unknown, path: (string | number)[]): void {
  if (Array.isArray(node)) {
    node.forEach((item, index) => {
      checkPatterns(doc, item, [...path, index]);
    });
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'pattern' && typeof value === 'string') {
      checkRe2Pattern(value, { file: doc.file, line: doc.lineOf([...path, key]), subject: path.join('.') || 'the schema' });
    } else if (key === 'patternProperties' && value !== null && typeof value === 'object') {
      for (const name of Object.keys(value))
        checkRe2Pattern(name, {
          file: doc.file,
          line: doc.lineOf([...path, key]),
          subject: `${path.join('.')}.patternProperties`,
        });
      checkPatterns(doc, value, [...path, key]);
    } else checkPatterns(doc, value, [...path, key]);
  }
}
