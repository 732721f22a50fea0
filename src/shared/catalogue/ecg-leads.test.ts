import { ECG_LEAD_NAMES, MODEL_LEAD_ORDER, leadFromMdcCode, normaliseLeadName } from './ecg-leads';

describe('ECG lead catalogue', () => {
  it('orders the model input as MIMIC-IV-ECG stores leads: aVF before aVL', () => {
    expect(MODEL_LEAD_ORDER).toEqual(['I', 'II', 'III', 'aVR', 'aVF', 'aVL', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
    expect([...MODEL_LEAD_ORDER].sort()).toEqual([...ECG_LEAD_NAMES].sort());
  });

  it('reads MDC codes of both families and the aECG reference ids', () => {
    // fhir-facts.md §1.3: ELEC_POTL family (FHIR example) and LEAD family (DICOM CID 3001) differ by 256.
    expect(leadFromMdcCode('131329')).toBe('I');
    expect(leadFromMdcCode('131073')).toBe('I');
    expect(leadFromMdcCode('131389')).toBe('III');
    expect(leadFromMdcCode('131136')).toBe('aVF');
    expect(leadFromMdcCode('131336')).toBe('V6');
    expect(leadFromMdcCode('MDC_ECG_LEAD_AVL')).toBe('aVL');
    expect(leadFromMdcCode('131328')).toBeUndefined();
  });

  it('normalises lead labels as files write them, and refuses non-standard leads', () => {
    expect(normaliseLeadName('AVR')).toBe('aVR');
    expect(normaliseLeadName('Lead II')).toBe('II');
    expect(normaliseLeadName(' v5 ')).toBe('V5');
    expect(normaliseLeadName('vx')).toBeUndefined();
    expect(normaliseLeadName('MLII')).toBeUndefined();
  });
});
