/** DICOM readers: 12-lead ECG waveforms and chest radiographs. */
export { readDicomEcg } from './read-dicom-ecg';
export { readDicomImage } from './read-dicom-image';
export { isDicomEcg } from './is-dicom-ecg';
