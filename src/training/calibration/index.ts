/** Per-disease calibration on the validation split: temperature scaling and F1-maximising thresholds. */
export { fitTemperature, temperatureNll, TEMPERATURE_RANGE } from './fit-temperature';
export { chooseThreshold, FALLBACK_THRESHOLD, type ChosenThreshold } from './choose-threshold';
export { calibrateDiseases, type DiseaseCalibration } from './calibrate-diseases';
