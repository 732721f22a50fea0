import type {
  Binary,
  Bundle,
  Condition,
  DocumentReference,
  ImagingStudy,
  Observation,
  Resource,
} from '@medplum/fhirtypes';
import { parseDicom } from 'dicom-parser';
import { PNG } from 'pngjs';
import { CXR_LOINC_CODES } from '../../fhir/mappers/cxr-finder';
import { validateR4 } from '../../fhir/testing/validate-r4';
import { getLab, type LabId } from '../../shared/index';
import { generateAdmission } from '../admission/generate-admission';
import type { SyntheticAdmission } from '../admission/synthetic-admission';
import { admissionToBundle } from './admission-to-bundle';

/**
 * The paper's ICD-10 sets (../shared/reference/medtvt-r1.md §2.3, evaluate.py::icd_mapping), dot-free, written out
 * here from the table rather than taken from the catalogue.
 */
const PAPER_ICD10: Record<string, (code: string) => boolean> = {
  'coronary-artery-disease': (c) => /^I25\d$/.test(c) || c === 'I2510',
  'acute-renal-failure': (c) => ['N170', 'N171', 'N172', 'N178', 'N179'].includes(c),
  hypertension: (c) =>
    [
      'I10',
      'I110',
      'I119',
      'I120',
      'I129',
      'I130',
      'I131',
      'I132',
      'I139',
      'I150',
      'I151',
      'I152',
      'I158',
      'I159',
    ].includes(c),
  'atrial-fibrillation': (c) => /^I48[0-4]$/.test(c) || ['I489', 'I4890', 'I4891', 'I4892'].includes(c),
  pneumonia: (c) => ['J180', 'J181', 'J182', 'J188', 'J189'].includes(c),
  'diabetes-mellitus': (c) => /^E1[0349]\d$/.test(c) || ['E1165', 'E1140', 'E11319', 'E1129'].includes(c),
  sepsis: (c) => /^A40[0-38-9]$/.test(c) || /^A41[0-589]$/.test(c) || ['R6520', 'R6521'].includes(c),
};

function resources<T extends Resource>(bundle: Bundle, type: T['resourceType']): T[] {
  return (bundle.entry ?? []).flatMap((e) => (e.resource?.resourceType === type ? [e.resource as T] : []));
}

function binaryBytes(bundle: Bundle): Buffer {
  return Buffer.from(resources<Binary>(bundle, 'Binary')[0]?.data ?? '', 'base64');
}

describe('admissionToBundle', () => {
  const admission = generateAdmission(21, 0, { allModalities: true });
  const bundle = admissionToBundle(admission);
  const json = JSON.stringify(bundle);

  it('is byte-identical for the same seed and index, and differs for another seed or index', () => {
    const again = JSON.stringify(admissionToBundle(generateAdmission(21, 0, { allModalities: true })));
    const otherSeed = JSON.stringify(admissionToBundle(generateAdmission(22, 0, { allModalities: true })));
    const otherIndex = JSON.stringify(admissionToBundle(generateAdmission(21, 1, { allModalities: true })));

    expect(again).toBe(json);
    expect(otherSeed).not.toBe(json);
    expect(otherIndex).not.toBe(json);
  });

  it('is a transaction of PUTs with fixed ids, every resource valid against the R4 structure definitions', () => {
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'transaction' });
    for (const entry of bundle.entry ?? []) {
      const resource = entry.resource as Resource;
      expect(entry.request).toEqual({ method: 'PUT', url: `${resource.resourceType}/${resource.id}` });
      expect(entry.fullUrl).toBe(`urn:uuid:${resource.id}`);
      expect(() => validateR4(resource)).not.toThrow();
    }
    const types = (bundle.entry ?? []).map((e) => e.resource?.resourceType);
    expect(types.filter((t) => t === 'Patient')).toHaveLength(1);
    expect(types.filter((t) => t === 'Encounter')).toHaveLength(1);
    expect(types.filter((t) => t === 'ImagingStudy')).toHaveLength(1);
  });

  it('writes each lab with its code, UCUM quantity, reference range and encounter', () => {
    const labs = resources<Observation>(bundle, 'Observation').filter(
      (o) => o.category?.[0]?.coding?.[0]?.code === 'laboratory',
    );

    expect(labs).toHaveLength(Object.keys(admission.labs?.values ?? {}).length);
    for (const observation of labs) {
      const coding = observation.code.coding?.[0];
      const lab = Object.keys(admission.labs?.values ?? {})
        .map((id) => getLab(id as LabId))
        .find((l) => (l.loinc ?? String(l.itemid)) === coding?.code);
      expect(lab).toBeDefined();
      if (!lab) continue;
      expect(coding?.system).toBe(
        lab.loinc ? 'http://loinc.org' : 'http://mimic.mit.edu/fhir/mimic/CodeSystem/mimic-d-labitems',
      );
      expect(observation.valueQuantity).toEqual({
        value: admission.labs?.values[lab.id],
        unit: lab.unit,
        system: 'http://unitsofmeasure.org',
        code: lab.unit,
      });
      expect(observation.referenceRange?.[0]?.low?.value).toBe(lab.typicalRange?.low);
      expect(observation.encounter?.reference).toBe(`Encounter/${admission.ids.encounter}`);
    }
  });

  it('codes each disease as a confirmed encounter diagnosis with an ICD-10-CM code from the paper set', () => {
    const conditions = resources<Condition>(bundle, 'Condition');

    const coded = new Set<string>();
    for (const condition of conditions) {
      const icd = condition.code?.coding?.find((c) => c.system === 'http://hl7.org/fhir/sid/icd-10-cm');
      expect(icd?.code).toMatch(/^[A-Z]\d\d(\.\d{1,4})?$/);
      const diseases = Object.entries(PAPER_ICD10).filter(([, inSet]) => inSet(icd?.code?.replace('.', '') ?? ''));
      expect(diseases).toHaveLength(1);
      coded.add(diseases[0]?.[0] ?? '');
      expect(condition.verificationStatus?.coding?.[0]?.code).toBe('confirmed');
      expect(condition.category?.[0]?.coding?.[0]?.code).toBe('encounter-diagnosis');
    }
    expect([...coded].sort()).toEqual([...admission.diseases].sort());
  });

  it('carries the CXR as a DICOM Binary behind a chest XR DocumentReference that relates to the ImagingStudy', () => {
    const study = resources<ImagingStudy>(bundle, 'ImagingStudy')[0];
    const document = resources<DocumentReference>(bundle, 'DocumentReference')[0];
    const cxr = admission.cxr as NonNullable<SyntheticAdmission['cxr']>;

    const dataSet = parseDicom(new Uint8Array(binaryBytes(bundle)));
    expect(CXR_LOINC_CODES).toContain(document?.type?.coding?.[0]?.code);
    expect(document?.context?.related?.[0]?.reference).toBe(`ImagingStudy/${study?.id}`);
    expect(document?.content[0]?.attachment.url).toBe(`Binary/${admission.ids.cxrBinary}`);
    expect(study?.identifier?.[0]).toEqual({
      system: 'urn:dicom:uid',
      value: `urn:oid:${dataSet.string('x0020000d')}`,
    });
    expect(study?.series?.[0]?.uid).toBe(dataSet.string('x0020000e'));
    expect(study?.series?.[0]?.instance?.[0]?.uid).toBe(dataSet.string('x00080018'));
    expect(study?.series?.[0]?.modality?.code).toBe(dataSet.string('x00080060'));
    expect(dataSet.uint16('x00280010')).toBe(cxr.image.height);
    expect(dataSet.uint16('x00280011')).toBe(cxr.image.width);
    // 12-bit stored values: round(grey × 4095), per the writer's contract, read straight from PixelData.
    const pixels = dataSet.elements.x7fe00010;
    const stored = new Uint16Array(
      dataSet.byteArray.buffer
        .slice(dataSet.byteArray.byteOffset + (pixels?.dataOffset ?? 0))
        .slice(0, cxr.image.width * cxr.image.height * 2),
    );
    let worst = 0;
    stored.forEach((v, i) => (worst = Math.max(worst, Math.abs(v / 4095 - (cxr.image.pixels[i] as number)))));
    expect(worst).toBeLessThanOrEqual(0.5 / 4095 + 1e-6);
  });

  it('writes a 16-bit PNG instead when asked', () => {
    const png = admissionToBundle(admission, { cxrFormat: 'png' });

    const decoded = PNG.sync.read(binaryBytes(png), { skipRescale: true });
    expect(resources<Binary>(png, 'Binary')[0]?.contentType).toBe('image/png');
    expect(decoded.depth).toBe(16);
    expect(decoded.width).toBe(admission.cxr?.image.width);
  });
});
