/** PNG and JPEG chest image readers, and readChestImage, which picks the reader for any supported format. */
export { readPng } from './read-png';
export { readJpeg } from './read-jpeg';
export { readChestImage, sniffFormat } from '../sniff';
