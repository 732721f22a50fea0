/** WFDB (PhysioNet) records: header parsing, formats 16 and 212, MATLAB v4 signal files, and the ECG mapping. */
export { parseWfdbHeader, type WfdbHeader, type WfdbSignalSpec } from './wfdb-header';
export { readWfdbRecord, type WfdbRecord, type WfdbSignal } from './wfdb-record';
export { wfdbToEcgRecording } from './wfdb-to-ecg-recording';
export { readMatV4Header, type MatV4Matrix, type MatV4Precision } from './mat-v4';
export { readWfdbAnnotations, wfdbAnnotationSymbol, type WfdbAnnotation } from './wfdb-annotations';
