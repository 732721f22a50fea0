import { cardSchema, cdsServiceResponseSchema } from './card-schema';

// The example response of CDS Hooks 2.0 ("Example", https://cds-hooks.hl7.org/2.0/#example), copied from the spec.
const SPEC_EXAMPLE_RESPONSE = {
  cards: [
    {
      uuid: '4e0a3a1e-3283-4575-ab82-028d55fe2719',
      summary: 'Example Card',
      indicator: 'info',
      detail: 'This is an example card.',
      source: {
        label: 'Static CDS Service Example',
        url: 'https://example.com',
        icon: 'https://example.com/img/icon-100px.png',
      },
      links: [
        { label: 'Google', url: 'https://google.com', type: 'absolute' },
        { label: 'Github', url: 'https://github.com', type: 'absolute' },
        {
          label: 'SMART Example App',
          url: 'https://smart.example.com/launch',
          type: 'smart',
          appContext: '{"session":3456356,"settings":{"module":4235}}',
        },
      ],
    },
    {
      summary: 'Another card',
      indicator: 'warning',
      source: { label: 'Static CDS Service Example' },
      overrideReasons: [
        {
          code: 'reason-code-provided-by-service',
          system: 'http://example.org/cds-services/fhir/CodeSystem/override-reasons',
          display: 'Patient refused',
        },
        {
          code: '12354',
          system: 'http://example.org/cds-services/fhir/CodeSystem/override-reasons',
          display: 'Contraindicated',
        },
      ],
    },
  ],
};

const MINIMAL = { summary: 'A card', indicator: 'info', source: { label: 'Us' } };

describe('cardSchema', () => {
  it("round-trips the specification's example response unchanged", () => {
    const parsed = cdsServiceResponseSchema.parse(SPEC_EXAMPLE_RESPONSE);

    expect(parsed).toEqual(SPEC_EXAMPLE_RESPONSE);
  });

  it('accepts an empty card list, as the spec answers "no advice"', () => {
    expect(cdsServiceResponseSchema.safeParse({ cards: [] }).success).toBe(true);
  });

  it.each([
    ['an empty optional string', { ...MINIMAL, detail: '' }, 'detail'],
    ['an empty optional array', { ...MINIMAL, links: [] }, 'links'],
    ['null for an optional field', { ...MINIMAL, uuid: null }, 'uuid'],
    ['an empty extension object', { ...MINIMAL, extension: {} }, 'extension'],
    ['a summary of 140 characters', { ...MINIMAL, summary: 'x'.repeat(140) }, 'summary'],
    ['an unknown indicator', { ...MINIMAL, indicator: 'hard-stop' }, 'indicator'],
    ['an unknown member', { ...MINIMAL, colour: 'red' }, ''],
    ['suggestions without selectionBehavior', { ...MINIMAL, suggestions: [{ label: 'Do it' }] }, 'selectionBehavior'],
    [
      'appContext on an absolute link',
      { ...MINIMAL, links: [{ label: 'L', url: 'https://x.example', type: 'absolute', appContext: '{}' }] },
      'links.0.appContext',
    ],
    [
      'an override reason without display',
      { ...MINIMAL, overrideReasons: [{ code: 'c', system: 'urn:s' }] },
      'overrideReasons.0.display',
    ],
    [
      'a create action without a resource',
      {
        ...MINIMAL,
        selectionBehavior: 'any',
        suggestions: [{ label: 'Add', actions: [{ type: 'create', description: 'Add it' }] }],
      },
      'suggestions.0.actions.0.resource',
    ],
  ])('rejects %s', (_name, card, path) => {
    const result = cardSchema.safeParse(card);

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });
});
