/**
 * Decoders for the WFDB signal storage formats this product reads (PhysioNet `signal(5)`,
 * https://physionet.org/physiotools/wag/signal-5.htm). All signals of one file are interleaved sample by sample:
 * frame t holds sample t of signal 0, then of signal 1, …, so value i of the stream is signal i mod nsig.
 */

/** A WFDB storage format: how many bits one value takes and which value marks a missing sample. */
export interface WfdbSampleFormat {
  readonly code: number;
  /** Bytes that `count` values occupy. */
  byteLength(count: number): number;
  /** Whole values that `byteCount` bytes hold. */
  valueCount(byteCount: number): number;
  /** The ADC value WFDB writes for an invalid or missing sample. */
  readonly invalidValue: number;
  /** Decodes `count` interleaved values starting at `byteOffset`; the caller has checked the length. */
  decode(bytes: Uint8Array, byteOffset: number, count: number): Int32Array;
}

/** Format 16: two's-complement 16-bit little-endian values. */
const FORMAT_16: WfdbSampleFormat = {
  code: 16,
  byteLength: (count) => count * 2,
  valueCount: (byteCount) => Math.floor(byteCount / 2),
  invalidValue: -32768,
  decode(bytes, byteOffset, count) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const out = new Int32Array(count);
    for (let i = 0; i < count; i++) out[i] = view.getInt16(byteOffset + 2 * i, true);
    return out;
  },
};

/**
 * Format 212: pairs of 12-bit two's-complement values packed in 3 bytes. Byte 0 holds the low 8 bits of the first
 * value, the low nibble of byte 1 its high 4 bits, the high nibble of byte 1 the high 4 bits of the second value,
 * and byte 2 the second value's low 8 bits. An odd last value takes 2 bytes.
 */
const FORMAT_212: WfdbSampleFormat = {
  code: 212,
  byteLength: (count) => Math.ceil((count * 3) / 2),
  valueCount: (byteCount) => Math.floor((byteCount * 2) / 3),
  invalidValue: -2048,
  decode(bytes, byteOffset, count) {
    const out = new Int32Array(count);
    for (let i = 0, b = byteOffset; i < count; i += 2, b += 3) {
      const middle = bytes[b + 1]!;
      out[i] = signExtend12(bytes[b]! | ((middle & 0x0f) << 8));
      if (i + 1 < count) out[i + 1] = signExtend12(bytes[b + 2]! | ((middle & 0xf0) << 4));
    }
    return out;
  },
};

function signExtend12(value: number): number {
  return value >= 0x800 ? value - 0x1000 : value;
}

const FORMATS = new Map<number, WfdbSampleFormat>([
  [16, FORMAT_16],
  [212, FORMAT_212],
]);

/** The decoder for a format code, or undefined when the product does not read that format. */
export function wfdbSampleFormat(code: number): WfdbSampleFormat | undefined {
  return FORMATS.get(code);
}
