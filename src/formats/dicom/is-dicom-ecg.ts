/**
 * A cheap check that bytes are a DICOM ECG, for routing attachments (a DocumentReference may hold an ECG or an
 * image under the same `application/dicom` content type).
 */
import { parseDicom } from 'dicom-parser';
import { TAGS } from './dicom-tags';
import { ECG_SOP_CLASS_UIDS } from './dicom-uids';

const PREFIX_OFFSET = 128;

/**
 * True when `bytes` is a DICOM Part-10 file whose SOP class is 12-lead or General ECG Waveform Storage. Reads
 * only the meta header and the data set up to SOPClassUID (0008,0016).
 */
export function isDicomEcg(bytes: Uint8Array): boolean {
  if (
    bytes.length < PREFIX_OFFSET + 4 ||
    String.fromCharCode(...bytes.subarray(PREFIX_OFFSET, PREFIX_OFFSET + 4)) !== 'DICM'
  ) {
    return false;
  }
  let sopClass: string | undefined;
  try {
    const dataSet = parseDicom(bytes, { untilTag: TAGS.sopClassUid.key });
    sopClass = dataSet.string(TAGS.sopClassUid.key) ?? dataSet.string(TAGS.mediaStorageSopClassUid.key);
  } catch {
    // A predicate, not a reader: bytes whose header cannot be parsed are not a readable DICOM ECG. readDicomEcg
    // reports the parse failure itself when it is asked to read them.
    return false;
  }
  return sopClass !== undefined && ECG_SOP_CLASS_UIDS.has(sopClass.trim());
}
