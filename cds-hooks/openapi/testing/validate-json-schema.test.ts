import { validateJsonSchema } from './validate-json-schema';

// Expected verdicts follow the JSON Schema 2020-12 validation vocabulary, keyword by keyword.
const components = {
  Range: {
    type: 'object',
    properties: { low: { type: 'number', minimum: 0 }, unit: { type: 'string', pattern: '^[a-z/]+$' } },
    required: ['unit'],
    additionalProperties: false,
  },
};

describe('validateJsonSchema', () => {
  it('accepts a value that meets every keyword', () => {
    const schema = { type: 'array', minItems: 1, items: { $ref: '#/components/schemas/Range' } };

    expect(validateJsonSchema(schema, [{ low: 0.5, unit: 'mg/dl' }], components)).toEqual([]);
  });

  it('reports each violation with its path', () => {
    const schema = { type: 'array', items: { $ref: '#/components/schemas/Range' } };

    const errors = validateJsonSchema(schema, [{ low: -1, unit: 'MG', extra: true }, {}], components);

    expect(errors).toEqual([
      '$[0].low: -1 < minimum 0',
      '$[0].unit: does not match ^[a-z/]+$',
      '$[0].extra: no value is allowed here',
      '$[1]: missing required "unit"',
    ]);
  });

  it('treats integers as numbers but not numbers as integers', () => {
    expect(validateJsonSchema({ type: 'number' }, 3, {})).toEqual([]);
    expect(validateJsonSchema({ type: 'integer' }, 3.5, {})).toEqual(['$: number is not integer']);
  });

  it('checks enum, const, exclusive bounds and property names', () => {
    const schema = {
      type: 'object',
      propertyNames: { enum: ['ecg', 'cxr'] },
      additionalProperties: { type: 'number', exclusiveMinimum: 0 },
    };

    expect(validateJsonSchema(schema, { ecg: 0, labs: 1 }, {})).toEqual([
      '$.ecg: 0 <= exclusiveMinimum 0',
      '${labs}: "labs" is not one of ["ecg","cxr"]',
    ]);
    expect(validateJsonSchema({ const: 'OperationOutcome' }, 'Bundle', {})).toEqual([
      '$: "Bundle" is not "OperationOutcome"',
    ]);
  });

  it('refuses a schema with a keyword it cannot check rather than passing it', () => {
    expect(() => validateJsonSchema({ oneOf: [] }, 1, {})).toThrow('keyword "oneOf" is not supported');
  });
});
