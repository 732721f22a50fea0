/**
 * PNG and JPEG chest image readers and writers, and readChestImage, which picks the reader for any supported format.
 */
export { readPng } from './read-png';
export { readJpeg } from './read-jpeg';
export { readChestImage, sniffFormat } from '../sniff';
export { writePng } from './write-png';
export { writeJpeg } from './write-jpeg';
