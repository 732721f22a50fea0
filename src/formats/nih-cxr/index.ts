/** NIH ChestX-ray14: the image label table. */
export { readNihCxrLabels, parseNihCxrLabels, type NihCxrLabelRow, type NihCxrFinding } from './nih-cxr-labels';
