/**
 * The indexed search (SandboxRepository) against Medplum's own full scan (a plain MemoryRepository) over the same
 * synthetic cohort: every query must give the same Bundle (ids, order, total, paging links, includes), also after
 * updates, deletes and a rolled-back transaction. The plain MemoryRepository is the oracle: it is the code path the
 * sandbox used before the index.
 */
import type { SearchRequest } from '@medplum/core';
import { Operator } from '@medplum/core';
import { MemoryRepository } from '@medplum/fhir-router';
import type { Bundle, Observation, Resource, ResourceType } from '@medplum/fhirtypes';
import { CXR_LOINC_CODES } from '../fhir/mappers/cxr-finder';
import { generateAdmission } from '../synth/admission/generate-admission';
import type { SyntheticAdmission } from '../synth/admission/synthetic-admission';
import { admissionToBundle } from '../synth/fhir/admission-to-bundle';
import { loadBundle } from './bundle-loader';
import { initFhirSchema } from './fhir-schema';
import { SandboxRepository } from './sandbox-repository';
import { executeSearch } from './search-bundle';
import { planSearch } from './search-query';

const BASE = 'http://sandbox.test/fhir';
const HOUR_MS = 3_600_000;
/** The ECG codes the ECG finder searches (src/fhir/mappers/ecg-finder.ts). */
const ECG_CODES = '34534-8,11524-6,131328';

/** Bundles compared without meta.versionId/lastUpdated, which each repository draws itself. */
function comparable(bundle: Bundle): unknown {
  const copy = JSON.parse(JSON.stringify(bundle)) as Bundle;
  for (const entry of copy.entry ?? []) {
    delete entry.resource?.meta?.versionId;
    delete entry.resource?.meta?.lastUpdated;
  }
  return copy;
}

function observationsOf(admission: SyntheticAdmission): Observation[] {
  return (admissionToBundle(admission).entry ?? []).flatMap((entry) =>
    entry.resource?.resourceType === 'Observation' ? [entry.resource] : [],
  );
}

describe('indexed search over a synthetic cohort', () => {
  let admissions: SyntheticAdmission[];
  let indexed: SandboxRepository;
  let reference: MemoryRepository;

  const both = async (write: (repo: MemoryRepository) => Promise<unknown>): Promise<void> => {
    await write(indexed);
    await write(reference);
  };

  /** Search URLs (type, query) over the cohort: the reader's own searches and the index's edge cases. */
  const queries = (): [ResourceType, string][] => {
    const [a, b, c] = admissions as [SyntheticAdmission, SyntheticAdmission, SyntheticAdmission];
    const window = (x: SyntheticAdmission, hours: number): string => {
      const anchor = Date.parse(x.admissionTime);
      const start = new Date(anchor - hours * HOUR_MS).toISOString();
      const end = new Date(anchor + hours * HOUR_MS).toISOString();
      return `date=ge${start}&date=le${end}`;
    };
    const labCodes = [
      ...new Set(observationsOf(a).flatMap((o) => (o.code.coding ?? []).map((coding) => coding.code ?? ''))),
    ];
    return [
      ['Observation', `patient=${a.ids.patient}&code=${[...labCodes, '99999-9'].join(',')}&${window(a, 48)}`],
      ['Observation', `patient=${a.ids.patient}&code=${ECG_CODES}&${window(a, 24)}`],
      ['Observation', `patient=${b.ids.patient}&code=${ECG_CODES}&${window(b, 24)}`],
      ['Observation', `subject=Patient/${a.ids.patient}`],
      ['Observation', `subject=${b.ids.patient}`],
      ['Observation', `subject:Patient=${c.ids.patient}&_count=4&_offset=4`],
      ['Observation', `patient=${a.ids.patient},${c.ids.patient}&_count=10&_offset=10`],
      ['Observation', `patient=${b.ids.patient}&_sort=-date,code&_count=7`],
      ['Observation', `patient=${a.ids.patient}&code:not=${labCodes[0] ?? ''}`],
      ['Observation', `patient:missing=true`],
      ['Observation', `code=http://loinc.org|${labCodes[0] ?? ''}&_count=1000`],
      ['Observation', `code=|${labCodes[0] ?? ''}`],
      ['Observation', `code=http://loinc.org|&patient=${c.ids.patient}`],
      ['Observation', `code=${labCodes[1] ?? ''},${labCodes[2] ?? ''}&status=FINAL&_count=1000`],
      ['Observation', `encounter=Encounter/${b.ids.encounter}&_summary=count`],
      ['Observation', `patient=Patient/not-in-the-cohort`],
      ['Observation', `_count=5&_offset=40`],
      ['ImagingStudy', `patient=${a.ids.patient}&_include=ImagingStudy:endpoint`],
      ['DocumentReference', `patient=${a.ids.patient}&type=${CXR_LOINC_CODES.join(',')}`],
      ['DiagnosticReport', `patient=${b.ids.patient}&code=${CXR_LOINC_CODES.join(',')}`],
      ['Condition', `patient=${c.ids.patient}&clinical-status=active`],
      ['Encounter', `patient=${a.ids.patient}&_revinclude=Observation:encounter`],
      ['Patient', `_id=${b.ids.patient}&_revinclude=Condition:subject`],
    ];
  };

  const expectSameBundles = async (): Promise<Bundle[]> => {
    const results: Bundle[] = [];
    for (const [resourceType, query] of queries()) {
      const plan = planSearch(resourceType, new URLSearchParams(query), BASE);

      const actual = await executeSearch(indexed, plan, BASE);
      const expected = await executeSearch(reference, plan, BASE);

      expect({ query: `${resourceType}?${query}`, bundle: comparable(actual) }).toEqual({
        query: `${resourceType}?${query}`,
        bundle: comparable(expected),
      });
      results.push(actual);
    }
    return results;
  };

  beforeAll(async () => {
    initFhirSchema();
    // Six admissions, every other one with all three modalities so that ECG, CXR and their documents are present.
    admissions = Array.from({ length: 6 }, (_, i) =>
      generateAdmission('sandbox-index', i, { allModalities: i % 2 === 0 }),
    );
    indexed = new SandboxRepository();
    reference = new MemoryRepository();
    for (const admission of admissions) {
      await both((repo) => loadBundle(repo, admissionToBundle(admission), `admission ${admission.index}`));
    }
  });

  it('gives the same Bundles as a full scan, and the reader’s searches find the patient’s data', async () => {
    const results = await expectSameBundles();

    // Totals of the first three (lab, ECG of a, ECG of b) must not be zero, or the comparison proves nothing.
    expect(results.slice(0, 3).map((bundle) => (bundle.total ?? 0) > 0)).toEqual([true, true, true]);
    const labs = results[0]?.entry?.filter((entry) => entry.search?.mode === 'match').length;
    expect(labs).toBe(results[0]?.total);
  });

  it('gives the same Bundles after updates that move resources to another patient and code', async () => {
    const [a, b] = admissions as [SyntheticAdmission, SyntheticAdmission];
    const [first, second] = observationsOf(a) as [Observation, Observation];

    await both((repo) => repo.updateResource({ ...first, subject: { reference: `Patient/${b.ids.patient}` } }));
    await both((repo) =>
      repo.updateResource({ ...second, code: { coding: [{ system: 'http://loinc.org', code: '2951-2' }] } }),
    );

    await expectSameBundles();
  });

  it('gives the same Bundles after a delete, and after the deleted resource is stored again', async () => {
    const [, , third] = observationsOf(admissions[2] as SyntheticAdmission) as [Observation, Observation, Observation];

    await both((repo) => repo.deleteResource('Observation', third.id ?? ''));
    await expectSameBundles();
    await both((repo) => repo.createResource(third));

    await expectSameBundles();
  });

  it('gives the same Bundles after a transaction that wrote, moved and deleted resources was rolled back', async () => {
    const [a, , c] = admissions as [SyntheticAdmission, SyntheticAdmission, SyntheticAdmission];
    const moved = observationsOf(a)[3] as Observation;

    const transaction = indexed.withTransaction(async () => {
      await indexed.updateResource({ ...moved, subject: { reference: `Patient/${c.ids.patient}` } });
      const added = await indexed.createResource<Resource>({
        ...moved,
        id: 'added-in-transaction',
        subject: { reference: `Patient/${c.ids.patient}` },
      });
      await indexed.createResource<Resource>({ ...moved, id: 'added-then-deleted' });
      await indexed.deleteResource('Observation', 'added-then-deleted');
      expect(indexed.searchStored(patientSearch(c.ids.patient)).map((r) => r.id)).toContain(added.id);
      throw new Error('entry 4 failed');
    });

    await expect(transaction).rejects.toThrow('entry 4 failed');
    await expectSameBundles();
  });

  it('hands out frozen stored resources to the sandbox and copies to other callers', async () => {
    const patient = (admissions[0] as SyntheticAdmission).ids.patient;
    const request = patientSearch(patient);

    const stored = indexed.searchStored(request)[0] as Observation;
    const copy = (await indexed.search(request)).entry?.[0]?.resource as Observation;
    copy.status = 'cancelled';

    expect(() => {
      (stored as { status: string }).status = 'cancelled';
    }).toThrow(TypeError);
    expect(indexed.searchStored(request)[0]?.id).toBe(copy.id);
    expect((indexed.searchStored(request)[0] as Observation).status).toBe('final');
  });
});

function patientSearch(patientId: string): SearchRequest {
  return {
    resourceType: 'Observation',
    filters: [{ code: 'patient', operator: Operator.EQUALS, value: `Patient/${patientId}` }],
  };
}
