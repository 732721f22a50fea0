/**
 * Lab panel → `labs [100]` float32, as the MedTVT-R1 reference code builds it (`get_lab`): slots 0–49 the train
 * ECDF percentile of each lab in LABS order, slots 50–99 the presence flags (1 = present, despite the reference
 * code calling them "missingness"). A missing lab takes its mean training percentile and flag 0.
 */
import { LABS, ModelInputError, normaliseUnit, type LabPanel } from '../../shared';
import { labPercentile, type LabEcdf } from './lab-ecdf';

/**
 * The lab vector of one panel.
 *
 * A lab whose value is NaN or ±Infinity counts as missing, as a NaN raw value does in the reference code.
 *
 * @param panel - the labs, each in its catalogue unit
 * @param ecdf - the train-split ECDFs from the model package
 * @returns `[100]` float32: 50 percentiles in [0, 1], then 50 presence flags
 * @throws ModelInputError when a value is not in its lab's catalogue unit, or the ECDF does not hold 50 labs
 */
export function vectoriseLabs(panel: LabPanel, ecdf: LabEcdf): Float32Array {
  if (ecdf.labs.length !== LABS.length) {
    throw new ModelInputError('labs', `the lab ECDF holds ${ecdf.labs.length} labs, expected ${LABS.length}`);
  }
  const out = new Float32Array(2 * LABS.length);
  LABS.forEach((lab, i) => {
    const entry = ecdf.labs[i]!;
    if (entry.lab !== lab.id) {
      throw new ModelInputError('labs', `the lab ECDF holds ${entry.lab} at position ${i}, expected ${lab.id}`);
    }
    const value = panel.values[lab.id];
    if (value === undefined || !Number.isFinite(value.value)) {
      out[i] = entry.meanPercentile;
      return;
    }
    if (normaliseUnit(value.unit) !== lab.unit) {
      throw new ModelInputError('labs', `${lab.id} is in "${value.unit}", the model expects "${lab.unit}"`);
    }
    out[i] = labPercentile(entry, value.value);
    out[LABS.length + i] = 1;
  });
  return out;
}
