/** DICOM readers (12-lead ECG waveforms and chest radiographs), the radiograph writer and seeded UIDs. */
export { readDicomEcg } from './read-dicom-ecg';
export { readDicomImage } from './read-dicom-image';
export { isDicomEcg } from './is-dicom-ecg';
export { writeDicomImage, type DicomImageWriteOptions } from './write-dicom-image';
export { dicomUidFromSeed } from './dicom-uid-from-seed';
