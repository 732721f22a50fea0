/** Assessment: the perception result, ECG measurements and the record turned into an Assessment with evidence. */
export * from './create-assessor';
export * from './disease-evidence-plan';
export * from './lab-evidence';
export * from './ecg-evidence';
export * from './ecg-voltages';
export * from './cxr-evidence';
export * from './contribution-evidence';
export * from './assessment-basis';
