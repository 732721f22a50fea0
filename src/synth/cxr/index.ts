/** Procedural chest radiographs for the synthetic cohort. */
export { generateChestXray, MIN_CXR_SIZE } from './generate-chest-xray';
