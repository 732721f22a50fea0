import { deflateSync } from 'node:zlib';
import { PNG, type ColorType } from 'pngjs';
import { isFormatError } from '../../shared/index';
import { readPng } from './read-png';

/** Encodes with pngjs's own encoder (a code path separate from the decoder under test). */
function encode(width: number, height: number, colorType: ColorType, bitDepth: 8 | 16, samples: number[]): Buffer {
  const png = new PNG({ width, height });
  png.data =
    bitDepth === 16 ? Buffer.from(new Uint16Array(samples).buffer) : Buffer.from(new Uint8Array(samples).buffer);
  return PNG.sync.write(png, { colorType, bitDepth, inputColorType: colorType, inputHasAlpha: (colorType & 4) !== 0 });
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  let crc = 0xffffffff;
  for (const byte of body) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0, body.length + 4);
  return out;
}

/** A PNG written by hand (PNG spec §5, §11): colour types and bit depths pngjs cannot encode. */
function handMadePng(
  width: number,
  height: number,
  header: { bitDepth: number; colorType: number },
  rows: number[][],
  palette?: number[],
): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = header.bitDepth;
  ihdr[9] = header.colorType;
  // Each row: filter type 0 (None), then the packed bytes.
  const raw = Buffer.concat(rows.map((row) => Buffer.from([0, ...row])));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...(palette === undefined ? [] : [chunk('PLTE', new Uint8Array(palette))]),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array()),
  ]);
}

function pixelsOf(bytes: Uint8Array): number[] {
  return Array.from(readPng(bytes).pixels);
}

// Expected grey for colour is BT.601 luma: 0.299 R + 0.587 G + 0.114 B (computed by hand in each comment).
describe('readPng', () => {
  it('keeps the full precision of a 16-bit greyscale PNG', () => {
    const bytes = encode(3, 1, 0, 16, [0, 1000, 65535]);

    const image = readPng(bytes, 'grey16.png');

    expect(image.sourceBitDepth).toBe(16);
    expect(image.pixels[0]).toBe(0);
    // 1000 / 65535 = 0.0152590…: an 8-bit rescale would have given 4 / 255 = 0.0156863.
    expect(image.pixels[1]).toBeCloseTo(1000 / 65535, 7);
    expect(image.pixels[2]).toBe(1);
    expect(image.provenance).toEqual({ source: 'file', references: ['grey16.png'] });
  });

  it('converts 16-bit RGB to luma', () => {
    // (65535, 0, 0) → 0.299; (0, 32768, 65535) → (0.587 · 32768 + 0.114 · 65535) / 65535 = 0.407509…
    const bytes = encode(2, 1, 2, 16, [65535, 0, 0, 0, 32768, 65535]);

    expect(pixelsOf(bytes)[0]).toBeCloseTo(0.299, 6);
    expect(pixelsOf(bytes)[1]).toBeCloseTo((0.587 * 32768 + 0.114 * 65535) / 65535, 6);
  });

  it('ignores alpha in grey + alpha and RGBA images', () => {
    const greyAlpha = encode(2, 1, 4, 8, [51, 0, 204, 128]);
    // (200, 100, 50) → 59.8 + 58.7 + 5.7 = 124.2; alpha 0 does not darken it.
    const rgba = encode(1, 1, 6, 8, [200, 100, 50, 0]);

    expect(pixelsOf(greyAlpha)[0]).toBeCloseTo(51 / 255, 6);
    expect(pixelsOf(greyAlpha)[1]).toBeCloseTo(204 / 255, 6);
    expect(pixelsOf(rgba)[0]).toBeCloseTo(124.2 / 255, 5);
  });

  it('looks palette entries up and reports 8 bits per sample', () => {
    // 2-bit indices 0, 1, 2, 1 packed into one byte: 0b00_01_10_01.
    const bytes = handMadePng(
      4,
      1,
      { bitDepth: 2, colorType: 3 },
      [[0b00011001]],
      [0, 0, 0, 255, 255, 255, 200, 100, 50],
    );

    const image = readPng(bytes);

    expect(image.sourceBitDepth).toBe(8);
    expect(Array.from(image.pixels).map((value) => Number(value.toFixed(5)))).toEqual(
      [0, 1, 124.2 / 255, 1].map((value) => Number(value.toFixed(5))),
    );
  });

  it('scales a 4-bit greyscale PNG by 15, not 255', () => {
    // Samples 0, 5, 15, 10 packed two per byte.
    const bytes = handMadePng(4, 1, { bitDepth: 4, colorType: 0 }, [[0x05, 0xfa]]);

    const image = readPng(bytes);

    expect(image.sourceBitDepth).toBe(4);
    expect(Array.from(image.pixels)).toEqual([0, 5 / 15, 1, 10 / 15].map(Math.fround));
  });

  it('gives a FormatError naming PNG for a truncated or corrupted file', () => {
    const bytes = encode(
      16,
      16,
      0,
      8,
      Array.from({ length: 256 }, (_, i) => i),
    );
    const corrupted = Buffer.from(bytes);
    corrupted[45] = (corrupted[45] ?? 0) ^ 0xff; // inside the IDAT data

    for (const broken of [
      bytes.subarray(0, 8),
      bytes.subarray(0, 30),
      bytes.subarray(0, bytes.length - 20),
      corrupted,
    ]) {
      let thrown: unknown;
      try {
        readPng(broken, 'broken.png');
      } catch (error: unknown) {
        thrown = error;
      }
      expect(isFormatError(thrown) && thrown.format === 'PNG' && thrown.message.includes('broken.png')).toBe(true);
    }
  });
});
