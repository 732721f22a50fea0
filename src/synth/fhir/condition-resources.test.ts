import { DISEASE_IDS, diseasesForIcd10 } from '../../shared/index';
import { admissionIds } from '../admission/admission-ids';
import type { SyntheticAdmission } from '../admission/synthetic-admission';
import type { Phenotype } from '../types';
import { conditionResources } from './condition-resources';

/** An admission with all seven diseases; only what conditionResources reads is filled in. */
function admissionWith(phenotype: Partial<Phenotype>, shock: boolean): SyntheticAdmission {
  const diseases = [...DISEASE_IDS];
  return {
    index: 0,
    seed: 1,
    diseases,
    admissionTime: '2024-05-01T10:00:00Z',
    ids: admissionIds(1, 0, [], [...diseases, 'sepsis-shock']),
    profile: {
      diseases,
      phenotype: {
        lvh: false,
        lvhStrain: false,
        cardiomegaly: false,
        ketoacidosis: false,
        septicShock: shock,
        pulmonaryOedema: 0,
        effusion: 'none',
        fever: false,
        ...phenotype,
      },
    },
  } as unknown as SyntheticAdmission;
}

describe('conditionResources', () => {
  const cases: [Partial<Phenotype>, boolean, string[]][] = [
    // ICD-10-CM: I25.10 CAD, N17.9 AKI, I10, I48.91 AF, J18.1 lobar pneumonia, E11.9 T2DM, A41.9 sepsis.
    [
      { pneumonia: { lobes: ['RLL'], pattern: 'lobar' } },
      false,
      ['I25.10', 'N17.9', 'I10', 'I48.91', 'J18.1', 'E11.9', 'A41.9'],
    ],
    // I25.2 old MI, J18.0 bronchopneumonia, E11.65 T2DM with hyperglycaemia, R65.21 septic shock.
    [
      { oldInfarct: { territory: 'anterior' }, pneumonia: { lobes: ['LLL'], pattern: 'patchy' }, ketoacidosis: true },
      true,
      ['I25.2', 'N17.9', 'I10', 'I48.91', 'J18.0', 'E11.65', 'A41.9', 'R65.21'],
    ],
  ];

  it.each(cases)('codes phenotype %j (shock %s) as %j, each in its disease paper set', (phenotype, shock, expected) => {
    const admission = admissionWith(phenotype, shock);

    const conditions = conditionResources(admission);

    const codes = conditions.map((c) => c.code?.coding?.[0]?.code);
    expect(codes).toEqual(expected);
    // Each code, dot removed, is in exactly the set of the disease it stands for (R65.21 counts as sepsis).
    const diseases = conditions.map((c) => diseasesForIcd10(c.code?.coding?.[0]?.code ?? '', 'paper'));
    expect(diseases).toEqual([...DISEASE_IDS, ...(shock ? ['sepsis'] : [])].map((d) => [d]));
  });
});
