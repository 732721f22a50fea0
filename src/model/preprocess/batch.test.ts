import type { MultimodalRecord, Provenance } from '../../shared';
import { modalityMask } from './modality-mask';
import { stackTensors } from './stack-tensors';

const PROVENANCE: Provenance = { source: 'synthetic', references: [] };

function record(parts: Partial<MultimodalRecord>): MultimodalRecord {
  return { patientId: 'p1', issues: [], provenance: PROVENANCE, ...parts };
}

describe('stackTensors', () => {
  it('lays B tensors of one shape out one after another as [B, ...shape]', () => {
    const a = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const b = Float32Array.from([7, 8, 9, 10, 11, 12]);

    const stacked = stackTensors([a, b], [2, 3]);

    // Element [1, 0, 2] of a row-major [2, 2, 3] tensor sits at 1·6 + 0·3 + 2 = 8.
    expect(Array.from(stacked)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(stacked[8]).toBe(9);
  });

  it('rejects a tensor of another size, naming its position', () => {
    expect(() => stackTensors([new Float32Array(6), new Float32Array(5)], [2, 3])).toThrow(/tensor 1 has 5 values/);
  });
});

describe('modalityMask', () => {
  it('marks ECG, CXR and labs in that order, 1 = present', () => {
    const full = record({
      ecg: { samplingRateHz: 500, leads: [{ name: 'II', samples: new Float32Array(5000) }], provenance: PROVENANCE },
      labs: { values: { sodium: { lab: 'sodium', value: 140, unit: 'meq/L' } }, provenance: PROVENANCE },
    });

    expect(Array.from(modalityMask(full))).toEqual([1, 0, 1]);
  });

  it('counts a lab panel without a finite value and an ECG without samples as absent', () => {
    const empty = record({
      ecg: { samplingRateHz: 500, leads: [{ name: 'II', samples: new Float32Array(0) }], provenance: PROVENANCE },
      cxr: {
        width: 1,
        height: 1,
        pixels: new Float32Array(1),
        sourceBitDepth: 8,
        sourceFormat: 'png',
        provenance: PROVENANCE,
      },
      labs: { values: { sodium: { lab: 'sodium', value: Number.NaN, unit: 'meq/L' } }, provenance: PROVENANCE },
    });

    expect(Array.from(modalityMask(empty))).toEqual([0, 1, 0]);
  });
});
