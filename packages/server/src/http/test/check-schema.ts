// A checker for the subset of JSON Schema the routes use to document their answers (type, enum,
// pattern, minimum, required, properties, items, anyOf), so tests can hold every real answer to
// its documented schema without another dependency.
type Schema = Record<string, unknown>;

/** The ways `value` breaks `schema`, as `path: reason` lines; empty when it conforms. */
export function schemaErrors(schema: Schema, value: unknown, path = '$'): string[] {
  const errors: string[] = [];
  const types = schema.type === undefined ? undefined : ([schema.type].flat() as string[]);
  if (types !== undefined && !types.some((t) => hasType(value, t)))
    return [`${path}: ${JSON.stringify(value)?.slice(0, 80)} is not ${types.join(' or ')}`];
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => e === value))
    errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (
    typeof schema.pattern === 'string' &&
    typeof value === 'string' &&
    !new RegExp(schema.pattern, 'u').test(value)
  )
    errors.push(`${path}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
  if (typeof schema.minimum === 'number' && typeof value === 'number' && value < schema.minimum)
    errors.push(`${path}: ${value} < ${schema.minimum}`);
  if (
    Array.isArray(schema.anyOf) &&
    !schema.anyOf.some((s) => schemaErrors(s as Schema, value, path).length === 0)
  )
    errors.push(`${path}: matches none of anyOf`);
  if (isObject(value)) {
    for (const key of (schema.required ?? []) as string[])
      if (!(key in value)) errors.push(`${path}: missing ${key}`);
    for (const [key, sub] of Object.entries((schema.properties ?? {}) as Record<string, Schema>))
      if (key in value) errors.push(...schemaErrors(sub, value[key], `${path}.${key}`));
  }
  if (Array.isArray(value) && isObject(schema.items))
    value.forEach((item, i) => errors.push(...schemaErrors(schema.items as Schema, item, `${path}[${i}]`)));
  return errors;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    default:
      return typeof value === type;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
