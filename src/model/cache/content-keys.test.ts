import { registerContentKey, type ChestImage, type EcgRecording } from '../../shared';
import { cxrContentKey, ecgContentKey } from './content-keys';

function twoLeadEcg(): EcgRecording {
  return {
    samplingRateHz: 500,
    leads: [
      { name: 'I', samples: new Float32Array([1, 2, 3]) },
      { name: 'II', samples: new Float32Array([0.5, -0.5]) },
    ],
    provenance: { source: 'fhir', references: ['Observation/ecg-1'] },
  };
}

function tinyImage(): ChestImage {
  return {
    width: 2,
    height: 2,
    pixels: new Float32Array([0, 0.25, 0.5, 1]),
    sourceBitDepth: 8,
    sourceFormat: 'png',
    provenance: { source: 'fhir', references: ['DocumentReference/cxr-1'] },
  };
}

/** Flips the lowest bit of one byte of a float32 array (the smallest change a cache key must see). */
function flipByte(values: Float32Array, byteIndex: number): void {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  bytes[byteIndex] = (bytes[byteIndex] ?? 0) ^ 1;
}

describe('ecgContentKey', () => {
  it('is the SHA-1 of unit, rate, and each lead name, length and float32 bytes in order', () => {
    const key = ecgContentKey(twoLeadEcg());

    // python3: hashlib.sha1(b'ecg|mV|500|2' + b'|I:3|' + np.array([1,2,3], '<f4').tobytes()
    //   + b'|II:2|' + np.array([0.5,-0.5], '<f4').tobytes()).hexdigest()
    expect(key).toBe('3a734f8728e9a7000031bb616b7e7868e3ff5569');
  });

  it('is the same for the same samples from another resource at another time', () => {
    const other = {
      ...twoLeadEcg(),
      recordedAt: '2026-01-01T00:00:00Z',
      provenance: { source: 'file' as const, references: ['x.dcm'] },
    };

    expect(ecgContentKey(other)).toBe(ecgContentKey(twoLeadEcg()));
  });

  it('changes when one byte of one sample changes', () => {
    const changed = twoLeadEcg();
    flipByte(changed.leads[1]?.samples ?? new Float32Array(), 5);

    expect(ecgContentKey(changed)).not.toBe(ecgContentKey(twoLeadEcg()));
  });

  it('changes with the sampling rate, a lead name or the lead order', () => {
    const base = ecgContentKey(twoLeadEcg());
    const rate = { ...twoLeadEcg(), samplingRateHz: 250 };
    const renamed = twoLeadEcg();
    renamed.leads[0] = { name: 'III', samples: new Float32Array([1, 2, 3]) };
    const reordered = twoLeadEcg();
    reordered.leads.reverse();

    expect(new Set([base, ecgContentKey(rate), ecgContentKey(renamed), ecgContentKey(reordered)]).size).toBe(4);
  });
});

describe('ecgContentKey with leads that carry a content key', () => {
  it('is the registered key and the rate, the same for every recording built on those leads', () => {
    const leads = Object.freeze(twoLeadEcg().leads) as EcgRecording['leads'];
    registerContentKey(leads, 'fhir-ecg-sampled-data:abc');
    const first = { ...twoLeadEcg(), leads };
    const second = { ...twoLeadEcg(), leads, provenance: { source: 'fhir' as const, references: ['Observation/b'] } };

    expect(ecgContentKey(first)).toBe('fhir-ecg-sampled-data:abc|500');
    expect(ecgContentKey(second)).toBe('fhir-ecg-sampled-data:abc|500');
    expect(ecgContentKey({ ...first, samplingRateHz: 250 })).toBe('fhir-ecg-sampled-data:abc|250');
  });

  it('hashes the samples of a copy of those leads, which carries no key', () => {
    const leads = twoLeadEcg().leads;
    registerContentKey(leads, 'fhir-ecg-sampled-data:abc');

    // The SHA-1 of the samples, as in the first test above (python3 hashlib over the float32 bytes).
    expect(ecgContentKey({ ...twoLeadEcg(), leads: [...leads] })).toBe('3a734f8728e9a7000031bb616b7e7868e3ff5569');
  });
});

describe('cxrContentKey', () => {
  it('hashes the pixel hash, size, bit depth, format and settings', () => {
    const key = cxrContentKey(tinyImage(), { resizeShortSide: 400 });

    // python3: px = hashlib.sha1(np.array([0,0.25,0.5,1], '<f4').tobytes()).hexdigest();
    //   hashlib.sha1(('cxr|' + px + '|2x2|8|png|{"resizeShortSide":400}').encode()).hexdigest()
    expect(key).toBe('b3270bedd6f531b2e76ad1294168eea9dd5609f0');
  });

  it('changes when one byte of one pixel changes, or the bit depth, or a setting', () => {
    const base = cxrContentKey(tinyImage(), { crop: 224 });
    const changed = tinyImage();
    flipByte(changed.pixels, 9);
    const deeper = { ...tinyImage(), sourceBitDepth: 16 };

    const keys = [
      base,
      cxrContentKey(changed, { crop: 224 }),
      cxrContentKey(deeper, { crop: 224 }),
      cxrContentKey(tinyImage(), { crop: 223 }),
    ];

    expect(new Set(keys).size).toBe(4);
  });
});
