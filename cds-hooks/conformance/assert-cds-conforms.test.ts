import { cdsResponseViolations, discoveryViolations } from './assert-cds-conforms';

const UUID_A = '0f8fad5b-d9cb-469f-a165-70867728950e';
const UUID_B = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

function card(): Record<string, unknown> {
  return {
    uuid: UUID_A,
    summary: 'Likely sepsis',
    indicator: 'warning',
    source: { label: 'MedTVT' },
    selectionBehavior: 'at-most-one',
    suggestions: [
      {
        label: 'Add provisional sepsis',
        uuid: UUID_B,
        actions: [{ type: 'create', description: 'Add a Condition', resource: { resourceType: 'Condition' } }],
      },
    ],
    links: [{ label: 'Open', url: 'https://app.test/launch', type: 'smart', appContext: 'a1' }],
    overrideReasons: [{ system: 'http://x.test', code: 'c', display: 'Known' }],
  };
}

function violationsWith(change: (c: Record<string, unknown>) => void): string[] {
  const c = card();
  change(c);
  return cdsResponseViolations({ cards: [c] });
}

describe('cdsResponseViolations', () => {
  it('finds nothing wrong with a conforming card', () => {
    expect(cdsResponseViolations({ cards: [card()] })).toEqual([]);
  });

  it.each([
    ['a 140-character summary', (c: Record<string, unknown>) => (c.summary = 'x'.repeat(140)), /^cards\.0\.summary: /],
    [
      'an indicator outside the enum',
      (c: Record<string, unknown>) => (c.indicator = 'hard-stop'),
      /^cards\.0\.indicator: /,
    ],
    [
      'a source without label',
      (c: Record<string, unknown>) => (c.source = { url: 'https://x.test' }),
      /^cards\.0\.source\.label: /,
    ],
    ['a card without uuid', (c: Record<string, unknown>) => delete c.uuid, /^cards\[0\]\.uuid: is not a UUID/],
    ['a non-UUID uuid', (c: Record<string, unknown>) => (c.uuid = 'card-1'), /^cards\[0\]\.uuid: is not a UUID/],
    [
      'suggestions without selectionBehavior',
      (c: Record<string, unknown>) => delete c.selectionBehavior,
      /^cards\.0\.selectionBehavior: /,
    ],
    ['an empty optional string', (c: Record<string, unknown>) => (c.detail = ''), /cards\.0\.detail: /],
    ['a null optional field', (c: Record<string, unknown>) => (c.detail = null), /cards\.0\.detail: /],
    ['an empty optional array', (c: Record<string, unknown>) => (c.links = []), /cards\.0\.links: /],
    ['an empty object', (c: Record<string, unknown>) => ((c.source as Record<string, unknown>).topic = {}), /topic/],
    [
      'a link type outside absolute|smart',
      (c: Record<string, unknown>) => ((c.links as Record<string, unknown>[])[0]!.type = 'app'),
      /^cards\.0\.links\.0\.type: /,
    ],
    [
      'appContext on an absolute link',
      (c: Record<string, unknown>) => ((c.links as Record<string, unknown>[])[0]!.type = 'absolute'),
      /^cards\.0\.links\.0\.appContext: /,
    ],
    [
      'an override reason without display',
      (c: Record<string, unknown>) => (c.overrideReasons = [{ system: 'http://x.test', code: 'c' }]),
      /^cards\.0\.overrideReasons\.0\.display: /,
    ],
    [
      'an action without description',
      (c: Record<string, unknown>) =>
        ((c.suggestions as { actions: Record<string, unknown>[] }[])[0]!.actions[0]!.description = undefined),
      /^cards\.0\.suggestions\.0\.actions\.0\.description: /,
    ],
    [
      'a create action without resource',
      (c: Record<string, unknown>) =>
        ((c.suggestions as { actions: Record<string, unknown>[] }[])[0]!.actions[0]!.resource = undefined),
      /^cards\.0\.suggestions\.0\.actions\.0\.resource: /,
    ],
    [
      'a delete action without resourceId',
      (c: Record<string, unknown>) =>
        ((c.suggestions as { actions: Record<string, unknown>[] }[])[0]!.actions[0] = {
          type: 'delete',
          description: 'Remove',
        }),
      /^cards\.0\.suggestions\.0\.actions\.0\.resourceId: /,
    ],
  ])('reports %s', (_name, change, expected) => {
    expect(violationsWith(change)).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  it('allows the top-level empty cards array and nothing else empty', () => {
    expect(cdsResponseViolations({ cards: [] })).toEqual([]);
    expect(cdsResponseViolations({ cards: [], systemActions: [] })).toEqual(
      expect.arrayContaining(['systemActions: is an empty array']),
    );
  });
});

describe('discoveryViolations', () => {
  it('reports a service without description and an empty prefetch', () => {
    const body = { services: [{ hook: 'patient-view', id: 's', prefetch: {} }] };

    expect(discoveryViolations(body)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^services\.0\.description: /),
        'services[0].prefetch: is an empty object',
      ]),
    );
  });
});
