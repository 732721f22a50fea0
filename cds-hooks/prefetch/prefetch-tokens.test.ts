import { resolvePrefetchTemplate } from './prefetch-tokens';

describe('resolvePrefetchTemplate', () => {
  const context = {
    userId: 'PractitionerRole/123',
    patientId: '1288992',
    encounterId: '89284',
    count: 3,
    nested: { id: 'x' },
  };

  it('fills context tokens, as the spec example "Observation?patient={{context.patientId}}&code=4548-4" shows', () => {
    expect(resolvePrefetchTemplate('Observation?patient={{context.patientId}}&code=4548-4&_count=1', context)).toBe(
      'Observation?patient=1288992&code=4548-4&_count=1',
    );
  });

  it('fills the user tokens from context.userId when it names that resource type', () => {
    expect(resolvePrefetchTemplate('PractitionerRole?_id={{userPractitionerRoleId}}', context)).toBe(
      'PractitionerRole?_id=123',
    );
    expect(resolvePrefetchTemplate('Practitioner/{{userPractitionerId}}', context)).toBeUndefined();
  });

  it('cannot fill a missing, nested or non-primitive field, so the key is left out', () => {
    expect(resolvePrefetchTemplate('Encounter/{{context.visitId}}', context)).toBeUndefined();
    expect(resolvePrefetchTemplate('X/{{context.nested.id}}', context)).toBeUndefined();
    expect(resolvePrefetchTemplate('X/{{context.nested}}', context)).toBeUndefined();
  });

  it('percent-encodes what it puts into the URL', () => {
    expect(resolvePrefetchTemplate('Patient/{{context.patientId}}', { patientId: 'a&b=c' })).toBe('Patient/a%26b%3Dc');
  });
});
