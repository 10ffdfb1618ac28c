// Validates requests and responses against the committed OpenAPI subset. Validators are
// compiled lazily per operation and cached for the whole process: most tests touch a handful
// of operations, and compiling all of them up front would eat the start-time budget.
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';
import { convertComponentSchemas, convertSchema } from './openapi-schema.js';
import type { OpenApiSubset } from './openapi-subset.js';

export interface SchemaIssue {
  /** Where in the request or response: `body`, `query`, `path` or `response`. */
  location: 'body' | 'query' | 'path' | 'response';
  instancePath: string;
  schemaPath: string;
  message: string;
  /** GitHub's wording, e.g. `For 'properties/conclusion', "maybe" is not a member of [...]`. */
  githubMessage: string;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema: unknown;
}

export interface OperationSpec {
  operationId: string;
  documentationUrl: string;
  params: Parameter[];
  hasBody: boolean;
}

type Json = Record<string, unknown>;
const SUBSET_URL = new URL('./openapi/api.github.com.subset.json', import.meta.url);

let subset: OpenApiSubset | undefined;
export function loadSubset(): OpenApiSubset {
  subset ??= JSON.parse(readFileSync(SUBSET_URL, 'utf8')) as OpenApiSubset;
  return subset;
}

const addFormats = formatsModule.default;
function createAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({ strict: false, logger: false, coerceTypes, allErrors: false });
  addFormats(ajv);
  // GitHub answers "" for unset URL fields (e.g. a deployment status's target_url) although
  // the description says format: uri; accept that one quirk rather than flag GitHub's own shape.
  const uri = ajv.formats.uri;
  ajv.addFormat(
    'uri',
    (value: string) => value === '' || (typeof uri === 'function' ? uri(value) : uri instanceof RegExp ? uri.test(value) : true),
  );
  ajv.addSchema(convertComponentSchemas(loadSubset().components.schemas ?? {}));
  return ajv;
}

let bodyAjv: Ajv | undefined;
let paramAjv: Ajv | undefined;
const cache = new Map<string, ValidateFunction | null>();

function resolveRef<T>(value: unknown): T {
  const ref = (value as Json | undefined)?.$ref;
  if (typeof ref !== 'string') return value as T;
  const [, , kind, name] = ref.split('/');
  return loadSubset().components[kind ?? '']?.[name ?? ''] as T;
}

function rawOperation(method: string, path: string): Json | undefined {
  return loadSubset().paths[path]?.[method.toLowerCase()] as Json | undefined;
}

export function getOperationSpec(method: string, path: string): OperationSpec | undefined {
  const op = rawOperation(method, path);
  if (!op) return undefined;
  return {
    operationId: String(op.operationId),
    documentationUrl: String(op.documentationUrl ?? 'https://docs.github.com/rest'),
    params: ((op.parameters as unknown[]) ?? []).map((p) => resolveRef<Parameter>(p)),
    hasBody: op.requestBody !== undefined,
  };
}

function compileCached(key: string, make: () => unknown, coerce: boolean): ValidateFunction | null {
  if (!cache.has(key)) {
    const schema = make();
    const ajv = coerce ? (paramAjv ??= createAjv(true)) : (bodyAjv ??= createAjv(false));
    cache.set(key, schema === undefined ? null : ajv.compile(schema as Json));
  }
  return cache.get(key) ?? null;
}

function describeValue(value: unknown): string {
  return value === undefined ? 'nil' : JSON.stringify(value);
}

function pickValue(data: unknown, instancePath: string): unknown {
  let cursor = data;
  for (const part of instancePath.split('/').slice(1)) {
    cursor = (cursor as Json | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return cursor;
}

// Mirrors the sentences GitHub's validator writes after "Invalid request.\n\n".
function toIssue(location: SchemaIssue['location'], error: ErrorObject, data: unknown): SchemaIssue {
  const where =
    error.instancePath
      .split('/')
      .slice(1)
      .map((p) => `properties/${p}`)
      .join('/') || 'root';
  const value = pickValue(data, error.instancePath);
  let githubMessage = `For '${where}', ${describeValue(value)} ${error.message ?? 'is invalid'}.`;
  if (error.keyword === 'required') githubMessage = `"${String(error.params.missingProperty)}" wasn't supplied.`;
  if (error.keyword === 'enum') {
    githubMessage = `For '${where}', ${describeValue(value)} is not a member of ${JSON.stringify(error.params.allowedValues)}.`;
  }
  if (error.keyword === 'type') githubMessage = `For '${where}', ${describeValue(value)} is not ${String(error.params.type)}.`;
  return {
    location,
    instancePath: error.instancePath || '/',
    schemaPath: error.schemaPath,
    message: `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`,
    githubMessage,
  };
}

function run(validate: ValidateFunction | null, location: SchemaIssue['location'], data: unknown): SchemaIssue[] {
  if (!validate || validate(data)) return [];
  return (validate.errors ?? []).map((e) => toIssue(location, e, data));
}

/** Validates path or query parameters; `values` is coerced in place (e.g. "30" -> 30). */
export function validateParams(method: string, path: string, where: 'path' | 'query', values: Json): SchemaIssue[] {
  const spec = getOperationSpec(method, path);
  if (!spec) return [];
  const validate = compileCached(
    `${method} ${path} ${where}`,
    () => {
      const params = spec.params.filter((p) => p.in === where);
      return {
        type: 'object',
        properties: Object.fromEntries(params.map((p) => [p.name, convertSchema(p.schema, true)])),
        required: params.filter((p) => p.required).map((p) => p.name),
      };
    },
    true,
  );
  return run(validate, where, values);
}

export function validateRequestBody(method: string, path: string, body: unknown): SchemaIssue[] {
  const op = rawOperation(method, path);
  const validate = compileCached(
    `${method} ${path} body`,
    () => {
      const schema = (op?.requestBody as Json | undefined)?.content as Json | undefined;
      const json = schema?.['application/json'] as Json | undefined;
      return json ? convertSchema(json.schema) : undefined;
    },
    false,
  );
  return run(validate, 'body', body);
}

/** Returns undefined when the status is not documented for the operation at all. */
export function validateResponseBody(method: string, path: string, status: number, body: unknown): SchemaIssue[] | undefined {
  const op = rawOperation(method, path);
  const response = resolveRef<Json | undefined>((op?.responses as Json | undefined)?.[String(status)]);
  if (!response) return undefined;
  const validate = compileCached(
    `${method} ${path} ${status}`,
    () => {
      const json = (response.content as Json | undefined)?.['application/json'] as Json | undefined;
      return json ? convertSchema(json.schema) : undefined;
    },
    false,
  );
  return run(validate, 'response', body);
}
