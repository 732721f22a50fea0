/**
 * The chest radiograph as FHIR: an ImagingStudy that describes the DICOM study (Study Instance UID, one DX series,
 * one instance with its SOP class), a DocumentReference typed with a chest XR LOINC code that links the study
 * (context.related) and carries the image by reference, and the Binary holding the file (DICOM by default, or a
 * 16-bit PNG).
 *
 * The sandbox serves no DICOMweb, so the ImagingStudy has no Endpoint: src/fhir's cxr-finder reads such a study
 * through the DocumentReference that relates to it, and does not try the study itself.
 */
import type { Binary, DocumentReference, ImagingStudy } from '@medplum/fhirtypes';
import { LOINC_SYSTEM, SNOMED_SYSTEM } from '../../shared/index';
import { writeDicomImage } from '../../formats/dicom/index';
import { writePng } from '../../formats/image/index';
import { sha1Base64 } from '../../fhir/mappers/attachment-hash';
import type { SyntheticAdmission } from '../admission/synthetic-admission';
import { DICOM_DCM_SYSTEM, SYNTHETIC_META } from './fhir-codes';

export type CxrFileFormat = 'dicom' | 'png';

/** Digital X-Ray Image Storage – For Presentation (PS3.4 B.5). */
const DX_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.1.1';

/**
 * LOINC document type: 36554-4 "XR Chest Single view" for a PA film, 30746-2 "Portable XR Chest Views" for an AP
 * one (AP films are the bedside ones); both are codes the CXR finder searches for.
 */
const DOCUMENT_TYPES = {
  PA: { system: LOINC_SYSTEM, code: '36554-4', display: 'XR Chest Single view' },
  AP: { system: LOINC_SYSTEM, code: '30746-2', display: 'Portable XR Chest Views' },
} as const;

const CONTENT_TYPES: Record<CxrFileFormat, string> = { dicom: 'application/dicom', png: 'image/png' };

/** The three CXR resources, or none when the admission has no chest radiograph. */
export function cxrResources(
  admission: SyntheticAdmission,
  format: CxrFileFormat = 'dicom',
): [ImagingStudy, DocumentReference, Binary] | [] {
  const cxr = admission.cxr;
  if (!cxr) return [];
  const { ids, cxrUids } = admission;
  const view = cxr.truth.view;
  const acquiredAt = cxr.image.acquiredAt ?? admission.admissionTime;
  const modality = { system: DICOM_DCM_SYSTEM, code: 'DX', display: 'Digital Radiography' };
  const patient = { reference: `Patient/${ids.patient}` };
  const encounter = { reference: `Encounter/${ids.encounter}` };

  const study: ImagingStudy = {
    resourceType: 'ImagingStudy',
    id: ids.cxrStudy,
    meta: SYNTHETIC_META,
    identifier: [{ system: 'urn:dicom:uid', value: `urn:oid:${cxrUids.study}` }],
    status: 'available',
    modality: [modality],
    subject: patient,
    encounter,
    started: acquiredAt,
    numberOfSeries: 1,
    numberOfInstances: 1,
    description: `XR chest ${view}`,
    series: [
      {
        uid: cxrUids.series,
        number: 1,
        modality,
        description: `Chest ${view}`,
        numberOfInstances: 1,
        bodySite: { system: SNOMED_SYSTEM, code: '51185008', display: 'Thoracic structure' },
        started: acquiredAt,
        instance: [
          {
            uid: cxrUids.instance,
            sopClass: { system: 'urn:ietf:rfc:3986', code: `urn:oid:${DX_SOP_CLASS}` },
            number: 1,
            title: view,
          },
        ],
      },
    ],
  };

  const bytes =
    format === 'dicom'
      ? writeDicomImage(cxr.image, {
          studyUid: cxrUids.study,
          seriesUid: cxrUids.series,
          sopInstanceUid: cxrUids.instance,
          patientId: ids.patient,
          modality: 'DX',
          viewPosition: view,
          acquisitionDateTime: acquiredAt,
        })
      : writePng(cxr.image, { bitDepth: 16 });
  const binary: Binary = {
    resourceType: 'Binary',
    id: ids.cxrBinary,
    meta: SYNTHETIC_META,
    contentType: CONTENT_TYPES[format],
    securityContext: patient,
    data: Buffer.from(bytes).toString('base64'),
  };

  const document: DocumentReference = {
    resourceType: 'DocumentReference',
    id: ids.cxrDocument,
    meta: SYNTHETIC_META,
    status: 'current',
    docStatus: 'final',
    type: { coding: [DOCUMENT_TYPES[view]], text: `XR chest ${view}` },
    category: [{ coding: [{ system: LOINC_SYSTEM, code: '18726-0', display: 'Radiology studies (set)' }] }],
    subject: patient,
    date: acquiredAt,
    description: `Chest radiograph, ${view} view (synthetic)`,
    content: [
      {
        attachment: {
          contentType: CONTENT_TYPES[format],
          url: `Binary/${ids.cxrBinary}`,
          size: bytes.length,
          // R4 Attachment.hash: base64 SHA-1 of the data, so a reader can check the Binary and skip a re-fetch.
          hash: sha1Base64(bytes),
          title: `${ids.cxrStudy}.${format === 'dicom' ? 'dcm' : 'png'}`,
          creation: acquiredAt,
        },
      },
    ],
    context: {
      encounter: [encounter],
      period: { start: acquiredAt },
      related: [{ reference: `ImagingStudy/${ids.cxrStudy}` }],
    },
  };
  return [study, document, binary];
}
