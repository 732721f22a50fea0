import { CARD_UUID_NAMESPACE, cardUuid, uuidV5 } from './card-uuid';

describe('uuidV5', () => {
  it('matches the published Python example uuid5(NAMESPACE_DNS, "python.org")', () => {
    // Python documentation, uuid module examples: 886313e1-3b8a-5372-9b90-0c9aee199e5d.
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('gives card uuids that Python computes from the same namespace and name', () => {
    // python3 -c "import uuid; print(uuid.uuid5(uuid.NAMESPACE_URL, 'medtvt-fhir/cds-cards'))" and
    // uuid.uuid5(uuid.UUID('5a14e0ba-…'), 'assessment-1/card/sepsis').
    expect(CARD_UUID_NAMESPACE).toBe('5a14e0ba-cb9d-5ca5-91c1-29e7390aec26');
    expect(cardUuid('assessment-1', 'card/sepsis')).toBe('bbc82c1a-790d-5cab-8d19-4faeed5f5a5d');
  });

  it('rejects a namespace that is not a uuid', () => {
    expect(() => uuidV5('not-a-uuid', 'x')).toThrow(/namespace "not-a-uuid" is not a uuid/);
  });
});
