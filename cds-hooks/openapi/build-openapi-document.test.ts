import { assessmentRequestSchema } from '../api/assessment-request-schema';
import { assessmentFixture } from '../store/testing/assessment-fixture';
import { buildOpenApiDocument } from './build-openapi-document';
import { validateJsonSchema } from './testing/validate-json-schema';

const document = buildOpenApiDocument({ serverUrl: 'http://localhost:8080' });
const components = document.components.schemas;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** Every `properties` member of every schema, as `Component.path`, with its schema. */
function allProperties(schema: unknown, at: string, out: [string, Record<string, unknown>][] = []) {
  if (typeof schema !== 'object' || schema === null) return out;
  const s = schema as Record<string, unknown>;
  for (const [name, member] of Object.entries((s.properties ?? {}) as Record<string, Record<string, unknown>>)) {
    out.push([`${at}.${name}`, member]);
    allProperties(member, `${at}.${name}`, out);
  }
  if (s.items) allProperties(s.items, `${at}[]`, out);
  return out;
}

describe('buildOpenApiDocument', () => {
  it('is an OpenAPI 3.1 document of the three routes with its server', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual([
      '/api/assessments',
      '/api/assessments/{id}',
      '/api/openapi.json',
    ]);
    expect(document.servers).toEqual([{ url: 'http://localhost:8080' }]);
  });

  it('documents every field of every schema', () => {
    const undocumented = Object.entries(components)
      .flatMap(([name, schema]) => allProperties(schema, name))
      .filter(([, member]) => typeof member.description !== 'string' && typeof member.$ref !== 'string')
      .map(([path]) => path);

    expect(undocumented).toEqual([]);
    // Counted from src/shared/domain/assessment.ts: 10 members, model 2, modalities 3, timings 4 (findings and
    // issues are components of their own).
    expect(allProperties(components.Assessment, 'Assessment')).toHaveLength(19);
  });

  it('accepts a complete Assessment and names what is wrong with a broken one', () => {
    const good = JSON.parse(JSON.stringify(assessmentFixture()));
    const broken = JSON.parse(JSON.stringify(assessmentFixture()));
    delete broken.id;
    broken.findings[0].probability = 1.5;
    broken.modalities.weights.labz = 0.2;
    broken.surprise = true;

    expect(validateJsonSchema(ref('Assessment'), good, components)).toEqual([]);
    expect(validateJsonSchema(ref('Assessment'), broken, components)).toEqual([
      '$: missing required "id"',
      '$.findings[0].probability: 1.5 > maximum 1',
      '$.modalities.weights{labz}: "labz" is not one of ["ecg","cxr","labs"]',
      '$.surprise: no value is allowed here',
    ]);
  });

  it('documents exactly the requests that validation accepts', () => {
    const requests: unknown[] = [
      { patientId: 'p-1' },
      { patientId: 'p-1', encounterId: 'e.2', window: { anchorTime: '2024-11-20T00:26:00Z', hours: 24, cxrHours: 72 } },
      { patientId: 'p-1', fhirServer: 'https://ehr.example.org/fhir' },
      {},
      { patientId: 'has space' },
      { patientId: 'p-1', patientID: 'p-1' },
      { patientId: 'p-1', window: { hours: 0 } },
      { patientId: 'p-1', window: { hours: 9000 } },
      { patientId: 'p-1', window: { anchorTime: '2024-11-20' } },
      { patientId: 'p-1', window: { anchorTime: '2024-11-20T00:26:00+01:00' } },
      { patientId: 42 },
    ];

    const verdicts = requests.map((body) => [
      assessmentRequestSchema.safeParse(body).success,
      validateJsonSchema(ref('AssessmentRequest'), body, components).length === 0,
    ]);

    // What a reader of the spec expects for each body: FHIR ids are [A-Za-z0-9.-]{1,64}, hours in (0, 8760],
    // anchorTime an RFC 3339 date-time with Z or an offset, no unknown members.
    const expected = [true, true, true, false, false, false, false, false, false, true, false];
    expect(verdicts).toEqual(expected.map((ok) => [ok, ok]));
  });
});
