/**
 * The CDS Hooks 2.0 specification's own examples through our schemas: each parses, and parsing gives back exactly
 * the example (no member dropped or changed), so that what a conforming client sends reaches the service intact.
 */
import { actionSchema, cdsServiceResponseSchema, codingSchema, sourceSchema } from '../cards/card-schema';
import { discoverySchema } from '../services/discovery-schema';
import {
  cdsHookRequestSchema,
  fhirAuthorizationSchema,
  patientViewContextSchema,
} from '../services/hook-request-schema';
import { assertCdsResponseConforms, assertDiscoveryConforms, cdsResponseViolations } from './assert-cds-conforms';
import {
  ACTION_EXAMPLES,
  DISCOVERY_EXAMPLE,
  DISCOVERY_EXTENSION_EXAMPLE,
  FHIR_AUTHORIZATION_EXAMPLE,
  NO_GUIDANCE_EXAMPLE,
  OVERRIDE_REASONS_EXAMPLE,
  REQUEST_EXAMPLE,
  REQUEST_EXTENSION_EXAMPLE,
  RESPONSE_EXAMPLE,
  SOURCE_EXAMPLE,
  SYSTEM_ACTIONS_EXAMPLE,
} from './spec-examples';

/** An override reason as cards carry it: a Coding whose display is required (cds-resp-4). */
const overrideReasonSchema = codingSchema.required({ display: true });

describe('the CDS Hooks 2.0 examples', () => {
  it.each([
    ['discovery', discoverySchema, DISCOVERY_EXAMPLE],
    ['discovery with an extension', discoverySchema, DISCOVERY_EXTENSION_EXAMPLE],
    ['request', cdsHookRequestSchema, REQUEST_EXAMPLE],
    ['request with an extension', cdsHookRequestSchema, REQUEST_EXTENSION_EXAMPLE],
    ['fhirAuthorization', fhirAuthorizationSchema, FHIR_AUTHORIZATION_EXAMPLE],
    ['patient-view context of the request', patientViewContextSchema, REQUEST_EXAMPLE.context],
    ['response', cdsServiceResponseSchema, RESPONSE_EXAMPLE],
    ['no-guidance response', cdsServiceResponseSchema, NO_GUIDANCE_EXAMPLE],
    ['source', sourceSchema, SOURCE_EXAMPLE],
    ['create action', actionSchema, ACTION_EXAMPLES[0]],
    ['update action', actionSchema, ACTION_EXAMPLES[1]],
    ['delete action', actionSchema, ACTION_EXAMPLES[2]],
    ['first override reason', overrideReasonSchema, OVERRIDE_REASONS_EXAMPLE[0]],
    ['second override reason', overrideReasonSchema, OVERRIDE_REASONS_EXAMPLE[1]],
  ] as const)('round-trips the %s example unchanged', (_name, schema, example) => {
    const parsed: unknown = (schema as { parse(value: unknown): unknown }).parse(example);

    expect(parsed).toEqual(example);
  });

  it('passes the discovery and response conformance checks (uuids not required of the spec example)', () => {
    expect(() => assertDiscoveryConforms(DISCOVERY_EXAMPLE)).not.toThrow();
    expect(() => assertCdsResponseConforms(RESPONSE_EXAMPLE, { requireUuids: false })).not.toThrow();
    expect(() => assertCdsResponseConforms(NO_GUIDANCE_EXAMPLE)).not.toThrow();
  });

  it('finds the one rule the spec example of systemActions breaks: its action has no description', () => {
    expect(cdsResponseViolations(SYSTEM_ACTIONS_EXAMPLE)).toEqual([
      expect.stringMatching(/^systemActions\.0\.description: /),
    ]);
  });
});
