// Derives the compact OpenAPI subset the stand-in validates against from GitHub's full
// description (`@octokit/openapi`, generated/api.github.com.json). Pure and deterministic so
// that a test can re-derive it from the pinned package and compare it with the committed file.
import { createHash } from 'node:crypto';
import type { ServedOperation } from './served-operations.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface SubsetSource {
  package: string;
  version: string;
  file: string;
  sha256: string;
}

export interface OpenApiSubset {
  'x-standin-source': SubsetSource & { subsetSha256: string };
  openapi: string;
  paths: Record<string, Record<string, JsonObject>>;
  components: Record<string, Record<string, JsonObject>>;
}

// JSON Schema keywords the validator needs. Everything else (descriptions, examples,
// x-github extensions, discriminator) is dropped: it is documentation, not contract.
const SCHEMA_KEYWORDS = new Set([
  '$ref',
  'type',
  'format',
  'enum',
  'nullable',
  'required',
  'items',
  'additionalProperties',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'multipleOf',
  'properties',
]);

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pruneSchema(schema: Json | undefined): Json {
  if (!isObject(schema)) return schema ?? {};
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!SCHEMA_KEYWORDS.has(key)) continue;
    if (key === 'properties' && isObject(value)) {
      // Property names are data, not keywords: keep every one (a property may be called "description").
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, pruneSchema(sub)]));
    } else if ((key === 'allOf' || key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      out[key] = value.map(pruneSchema);
    } else if ((key === 'items' || key === 'not' || key === 'additionalProperties') && isObject(value)) {
      out[key] = pruneSchema(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

function pruneContent(content: Json | undefined): JsonObject | undefined {
  if (!isObject(content)) return undefined;
  const json = content['application/json'];
  if (!isObject(json)) return undefined;
  return { 'application/json': { schema: pruneSchema(json.schema) } };
}

function pruneResponse(response: JsonObject): JsonObject {
  if (typeof response.$ref === 'string') return { $ref: response.$ref };
  const content = pruneContent(response.content);
  return content ? { content } : {};
}

function pruneParameter(parameter: JsonObject): JsonObject {
  if (typeof parameter.$ref === 'string') return { $ref: parameter.$ref };
  const out: JsonObject = { name: parameter.name ?? '', in: parameter.in ?? '' };
  if (parameter.required === true) out.required = true;
  out.schema = pruneSchema(parameter.schema);
  return out;
}

function pruneOperation(operation: JsonObject): JsonObject {
  const out: JsonObject = { operationId: operation.operationId ?? '' };
  const docs = operation.externalDocs;
  if (isObject(docs) && typeof docs.url === 'string') out.documentationUrl = docs.url;
  const parameters = Array.isArray(operation.parameters) ? operation.parameters : [];
  out.parameters = parameters.filter(isObject).map(pruneParameter);
  const body = operation.requestBody;
  if (isObject(body)) {
    const content = pruneContent(body.content);
    if (content) out.requestBody = { required: body.required === true, content };
  }
  const responses = isObject(operation.responses) ? operation.responses : {};
  out.responses = Object.fromEntries(
    Object.entries(responses)
      .filter(([, r]) => isObject(r))
      .map(([status, r]) => [status, pruneResponse(r as JsonObject)]),
  );
  return out;
}

function collectRefs(value: Json, refs: Set<string>): void {
  if (Array.isArray(value)) for (const item of value) collectRefs(item, refs);
  else if (isObject(value)) {
    for (const [key, sub] of Object.entries(value)) {
      if (key === '$ref' && typeof sub === 'string') refs.add(sub);
      else collectRefs(sub, refs);
    }
  }
}

function pruneComponent(kind: string, component: JsonObject): JsonObject {
  if (kind === 'schemas') return pruneSchema(component) as JsonObject;
  if (kind === 'parameters') return pruneParameter(component);
  if (kind === 'responses') return pruneResponse(component);
  throw new Error(`unexpected component kind ${kind}`);
}

export function hashJson(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** Extracts the served operations and, transitively, every component they reference. */
export function deriveSubset(source: JsonObject, operations: readonly ServedOperation[], meta: SubsetSource): OpenApiSubset {
  const sourcePaths = source.paths as Record<string, Record<string, JsonObject>>;
  const paths: OpenApiSubset['paths'] = {};
  for (const op of operations) {
    const operation = sourcePaths[op.path]?.[op.method];
    if (!operation) throw new Error(`${op.method.toUpperCase()} ${op.path} is not in ${meta.package}@${meta.version}`);
    if (operation.operationId !== op.operationId) {
      throw new Error(`${op.method.toUpperCase()} ${op.path} is ${String(operation.operationId)}, not ${op.operationId}`);
    }
    (paths[op.path] ??= {})[op.method] = pruneOperation(operation);
  }
  const sourceComponents = source.components as Record<string, Record<string, JsonObject>>;
  const picked = new Map<string, JsonObject>();
  const pending = new Set<string>();
  collectRefs(paths as unknown as Json, pending);
  while (pending.size > 0) {
    const ref = pending.values().next().value as string;
    pending.delete(ref);
    if (picked.has(ref)) continue;
    const [, , kind, name] = ref.split('/');
    const component = kind && name ? sourceComponents[kind]?.[name] : undefined;
    if (!kind || !name || !component) throw new Error(`unresolvable $ref ${ref}`);
    const pruned = pruneComponent(kind, component);
    picked.set(ref, pruned);
    const nested = new Set<string>();
    collectRefs(pruned, nested);
    for (const r of nested) if (!picked.has(r)) pending.add(r);
  }
  // Sorted so the committed file does not churn with traversal order.
  const components: OpenApiSubset['components'] = {};
  for (const ref of [...picked.keys()].sort()) {
    const [, , kind, name] = ref.split('/') as [string, string, string, string];
    (components[kind] ??= {})[name] = picked.get(ref) as JsonObject;
  }
  const openapi = String(source.openapi);
  return { 'x-standin-source': { ...meta, subsetSha256: hashJson({ openapi, paths, components }) }, openapi, paths, components };
}
