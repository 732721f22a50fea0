/**
 * A synthetic admission → one FHIR R4 transaction Bundle (https://hl7.org/fhir/R4/http.html#transaction).
 *
 * Every entry is a PUT to `Type/<id>` with the admission's deterministic UUIDs as ids (fullUrl `urn:uuid:<id>`), so
 * that loading the same cohort twice (or restarting the sandbox) gives the same resource ids, and references can be
 * plain `Type/<id>` without rewriting. Entries: Patient, Encounter, lab Observations, the ECG Observation (12
 * SampledData components), the CXR ImagingStudy + DocumentReference + Binary, and the diagnoses as Conditions.
 * The output is JSON-serialisable and deterministic: the same admission gives byte-identical JSON.
 */
import type { Bundle, BundleEntry, Observation, Resource } from '@medplum/fhirtypes';
import { ecgToObservation } from '../../fhir/writers/ecg-observation-writer';
import type { SyntheticAdmission } from '../admission/synthetic-admission';
import { conditionResources } from './condition-resources';
import { cxrResources, type CxrFileFormat } from './cxr-resources';
import { SYNTHETIC_META } from './fhir-codes';
import { labObservations } from './lab-observations';
import { encounterResource, patientResource } from './patient-resources';

export interface AdmissionBundleOptions {
  /** How the CXR Binary holds the image: DICOM Part-10 (default) or 16-bit PNG. */
  cxrFormat?: CxrFileFormat;
}

/**
 * @param admission - from generateAdmission
 * @param options - CXR file format
 */
export function admissionToBundle(admission: SyntheticAdmission, options: AdmissionBundleOptions = {}): Bundle {
  const resources: Resource[] = [
    patientResource(admission),
    encounterResource(admission),
    ...labObservations(admission),
    ...(admission.ecg ? [ecgObservation(admission)] : []),
    ...cxrResources(admission, options.cxrFormat ?? 'dicom'),
    ...conditionResources(admission),
  ];
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: resources.map((resource): BundleEntry => {
      const id = resource.id ?? '';
      return {
        fullUrl: `urn:uuid:${id}`,
        resource,
        request: { method: 'PUT', url: `${resource.resourceType}/${id}` },
      };
    }),
  };
}

function ecgObservation(admission: SyntheticAdmission): Observation {
  const recording = admission.ecg?.recording;
  if (!recording) throw new RangeError(`admission ${admission.index} has no ECG`);
  const observation = ecgToObservation(recording, { patientId: admission.ids.patient, id: admission.ids.ecg });
  return {
    ...observation,
    meta: SYNTHETIC_META,
    encounter: { reference: `Encounter/${admission.ids.encounter}` },
  };
}
