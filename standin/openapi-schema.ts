// Turns the OpenAPI 3.0 flavour of JSON Schema that GitHub publishes into plain JSON Schema
// for ajv. The differences that matter: `nullable: true` (3.0 only) and local `$ref`s that
// point into `#/components/...` of the one document.

export const COMPONENTS_ID = 'https://standin.invalid/openapi.json';

type Schema = Record<string, unknown>;

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function convertNullable(out: Schema): Schema {
  if (out.nullable !== true) {
    delete out.nullable;
    return out;
  }
  delete out.nullable;
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    // An enum lists every allowed value, so null has to be listed too.
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  // No type to widen (a $ref or a combinator): allow null alongside whatever it says.
  return { anyOf: [{ type: 'null' }, out] };
}

/**
 * Converts one schema. `looseUnions` turns `oneOf` into `anyOf`: query and path values are
 * strings coerced by ajv, and "123" would then match both `integer` and `string` branches.
 */
export function convertSchema(schema: unknown, looseUnions = false): unknown {
  if (Array.isArray(schema)) return schema.map((s) => convertSchema(s, looseUnions));
  if (!isSchema(schema)) return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/')) {
      out.$ref = `${COMPONENTS_ID}${value}`;
    } else if (key === 'properties' && isSchema(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convertSchema(v, looseUnions)]));
    } else if (key === 'oneOf' && looseUnions) {
      out.anyOf = convertSchema(value, looseUnions);
    } else if (['items', 'not', 'additionalProperties', 'allOf', 'anyOf', 'oneOf'].includes(key)) {
      out[key] = convertSchema(value, looseUnions);
    } else {
      out[key] = value;
    }
  }
  return convertNullable(out);
}

/** Converts every schema under components.schemas; other component kinds are resolved by hand. */
export function convertComponentSchemas(schemas: Record<string, unknown>): Schema {
  return {
    $id: COMPONENTS_ID,
    components: { schemas: Object.fromEntries(Object.entries(schemas).map(([name, s]) => [name, convertSchema(s)])) },
  };
}
