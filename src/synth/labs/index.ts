export { generateLabs, type GeneratedLabs, type LabTruth } from './generate-labs';
export { MIMIC_DEMO_LAB_TARGETS, type LabTarget } from './mimic-demo-lab-targets';
export { HARD_LIMITS } from './hard-limits';
export { MEAN_NORMAL_PT_S, ISI } from './coagulation';
