import { dicomUidFromSeed } from './dicom-uid-from-seed';

describe('dicomUidFromSeed', () => {
  it('derives the 2.25 UID of the UUIDv8 made from the first 128 bits of SHA-256 of the seed', () => {
    // Expected from Python: b = bytearray(hashlib.sha256(seed.encode()).digest()[:16]); b[6] = b[6] & 0x0f | 0x80;
    // b[8] = b[8] & 0x3f | 0x80; '2.25.' + str(int.from_bytes(b, 'big')).
    expect(dicomUidFromSeed('cohort-7/patient-12/cxr/study')).toBe('2.25.92594737295761291013622264115826499043');
    expect(dicomUidFromSeed('')).toBe('2.25.302652579918966106791432553938847512868');
  });

  it('gives the same UID for the same seed and different UIDs for different seeds, all valid UI values', () => {
    const uids = Array.from({ length: 200 }, (_, i) => dicomUidFromSeed(`seed-${i}`));

    expect(dicomUidFromSeed('seed-3')).toBe(uids[3]);
    expect(new Set(uids).size).toBe(200);
    for (const uid of uids) {
      // PS3.5 §9.1: digits and dots, no leading zero in a component, at most 64 characters.
      expect(uid).toMatch(/^2\.25\.(0|[1-9]\d*)$/);
      expect(uid.length).toBeLessThanOrEqual(64);
    }
  });
});
