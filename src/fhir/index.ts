export * from './fhir-gateway';
export * from './mappers/sampled-data';
export * from './mappers/ecg-observation-mapper';
export * from './mappers/ecg-document-mapper';
export * from './mappers/cxr-image-mapper';
export * from './multimodal-reader';
