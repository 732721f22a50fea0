/**
 * A small JSON Schema 2020-12 validator for tests: just the keywords the OpenAPI document's schemas use (`$ref` to
 * `#/components/schemas/…`, `type`, `properties`, `required`, `additionalProperties`, `propertyNames`, `items`,
 * `enum`, `const`, `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `minItems`, `maxItems`, `minLength`,
 * `maxLength`, `pattern`, `format: uri`), written from the specification (https://json-schema.org/draft/2020-12),
 * not from zod, so that checking a real response against the document is an independent check of what zod
 * generated. A keyword it does not know is an error, so that a schema it cannot fully check never passes.
 */
type Schema = Record<string, unknown>;

/** Annotation keywords that do not constrain values. */
const ANNOTATIONS = new Set(['description', 'title', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly']);
const CHECKED = new Set([
  '$ref',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'propertyNames',
  'items',
  'enum',
  'const',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'pattern',
  'format',
]);

/**
 * Validates `value` against `schema`.
 *
 * @param schema - a schema object
 * @param value - the JSON value
 * @param components - `components.schemas` of the document, for `$ref`
 * @returns one message per violation (`$.findings[0].probability: 1.2 > maximum 1`); empty when valid
 */
export function validateJsonSchema(schema: unknown, value: unknown, components: Record<string, unknown>): string[] {
  const errors: string[] = [];
  check(schema, value, '$', components, errors);
  return errors;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

function check(raw: unknown, value: unknown, at: string, components: Record<string, unknown>, errors: string[]): void {
  if (raw === true) return;
  if (raw === false) {
    errors.push(`${at}: no value is allowed here`);
    return;
  }
  if (typeof raw !== 'object' || raw === null) throw new Error(`${at}: schema is not an object`);
  const schema = raw as Schema;
  for (const key of Object.keys(schema)) {
    if (!CHECKED.has(key) && !ANNOTATIONS.has(key)) throw new Error(`${at}: keyword "${key}" is not supported`);
  }
  if (typeof schema.$ref === 'string') {
    const name = /^#\/components\/schemas\/(.+)$/.exec(schema.$ref)?.[1];
    if (name === undefined || !(name in components)) throw new Error(`${at}: unresolvable $ref ${schema.$ref}`);
    check(components[name], value, at, components, errors);
  }
  if (typeof schema.type === 'string' && !matchesType(value, schema.type)) {
    errors.push(`${at}: ${typeOf(value)} is not ${schema.type}`);
    return;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => option === value)) {
    errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if ('const' in schema && schema.const !== value)
    errors.push(`${at}: ${JSON.stringify(value)} is not ${JSON.stringify(schema.const)}`);
  if (typeof value === 'number') checkNumber(schema, value, at, errors);
  if (typeof value === 'string') checkString(schema, value, at, errors);
  if (Array.isArray(value)) checkArray(schema, value, at, components, errors);
  else if (typeOf(value) === 'object') checkObject(schema, value as Record<string, unknown>, at, components, errors);
}

function checkNumber(schema: Schema, value: number, at: string, errors: string[]): void {
  if (typeof schema.minimum === 'number' && value < schema.minimum)
    errors.push(`${at}: ${value} < minimum ${schema.minimum}`);
  if (typeof schema.maximum === 'number' && value > schema.maximum)
    errors.push(`${at}: ${value} > maximum ${schema.maximum}`);
  if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) {
    errors.push(`${at}: ${value} <= exclusiveMinimum ${schema.exclusiveMinimum}`);
  }
  if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) {
    errors.push(`${at}: ${value} >= exclusiveMaximum ${schema.exclusiveMaximum}`);
  }
}

function checkString(schema: Schema, value: string, at: string, errors: string[]): void {
  const length = [...value].length;
  if (typeof schema.minLength === 'number' && length < schema.minLength)
    errors.push(`${at}: shorter than ${schema.minLength}`);
  if (typeof schema.maxLength === 'number' && length > schema.maxLength)
    errors.push(`${at}: longer than ${schema.maxLength}`);
  // JSON Schema patterns are ECMA-262 regular expressions, unanchored.
  if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
    errors.push(`${at}: does not match ${schema.pattern}`);
  }
  if (schema.format === 'uri' && !URL.canParse(value)) errors.push(`${at}: not a URI`);
}

function checkArray(
  schema: Schema,
  value: unknown[],
  at: string,
  components: Record<string, unknown>,
  errors: string[],
): void {
  if (typeof schema.minItems === 'number' && value.length < schema.minItems)
    errors.push(`${at}: fewer than ${schema.minItems} items`);
  if (typeof schema.maxItems === 'number' && value.length > schema.maxItems)
    errors.push(`${at}: more than ${schema.maxItems} items`);
  if (schema.items !== undefined)
    value.forEach((item, i) => check(schema.items, item, `${at}[${i}]`, components, errors));
}

function checkObject(
  schema: Schema,
  value: Record<string, unknown>,
  at: string,
  components: Record<string, unknown>,
  errors: string[],
): void {
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  for (const name of Array.isArray(schema.required) ? schema.required : []) {
    if (typeof name === 'string' && !(name in value)) errors.push(`${at}: missing required "${name}"`);
  }
  for (const [name, member] of Object.entries(value)) {
    if (schema.propertyNames !== undefined) check(schema.propertyNames, name, `${at}{${name}}`, components, errors);
    if (name in properties) check(properties[name], member, `${at}.${name}`, components, errors);
    else if (schema.additionalProperties !== undefined) {
      check(schema.additionalProperties, member, `${at}.${name}`, components, errors);
    }
  }
}
