/**
 * WFDB annotation files (`.atr`, `.qrs`, …) in MIT format, after the PhysioNet specification `annot(5)`
 * (https://physionet.org/physiotools/wag/annot-5.htm):
 *
 * ```
 * word   16 bits, little-endian: A = bits 15..10 (type code), I = bits 9..0 (samples since the previous annotation)
 * A 1..49            an annotation of type A at time += I
 * A 59 SKIP          I ignored; the next 4 bytes are a signed 32-bit interval added to the time, stored PDP-11
 *                    style: high 16-bit word first, each word little-endian
 * A 60 NUM           I is the `num` of the annotation just read and of all that follow
 * A 61 SUB           I is the `subtype` of the annotation just read
 * A 62 CHN           I is the `channel` of the annotation just read and of all that follow
 * A 63 AUX           I bytes of auxiliary text for the annotation just read, padded with a NUL to an even count
 * A 0,  I 0          end of file
 * ```
 *
 * So a modifier word (NUM, SUB, CHN, AUX) follows the annotation it modifies, and a SKIP precedes the annotation
 * whose interval it extends. The `## time resolution` note that newer WFDB writers put at sample 0 is returned
 * as the ordinary NOTE annotation (`"`) it is stored as.
 */
import { FormatError } from '../../shared';

/** One annotation of a WFDB annotation file. */
export interface WfdbAnnotation {
  /** Sample number (from sample 0 of the record) the annotation is attached to. */
  sample: number;
  /** Annotation type code (`ecgcodes.h`): 1 NORMAL, 5 PVC, 8 APC, 28 RHYTHM… */
  code: number;
  /** The code's mnemonic as WFDB's `annstr` prints it (`N`, `A`, `V`, `+`); `[n]` for codes WFDB leaves undefined. */
  symbol: string;
  /** Annotator-defined subtype (SUB); 0 when absent. */
  subtype: number;
  /** Signal number the annotation refers to (CHN); carried over from the previous annotation, 0 at first. */
  channel: number;
  /** Annotator-defined number (NUM); carried over from the previous annotation, 0 at first. */
  num: number;
  /** Auxiliary text (AUX) without its trailing NULs, e.g. the rhythm `(N` or `(AFIB` of a `+` annotation. */
  aux?: string;
}

const SKIP = 59;
const NUM = 60;
const SUB = 61;
const CHN = 62;
const AUX = 63;

/**
 * Mnemonics of codes 0–41, as in WFDB's `annstr` (lib/ecgmap.h, `ecgcodes.h`). Codes 15 and 17 are unassigned;
 * 42–49 are left to users.
 */
// prettier-ignore
const SYMBOLS: readonly string[] = [
  ' ', 'N', 'L', 'R', 'a', 'V', 'F', 'J', 'A', 'S',   //  0– 9
  'E', 'j', '/', 'Q', '~', '[15]', '|', '[17]', 's', 'T', // 10–19
  '*', 'D', '"', '=', 'p', 'B', '^', 't', '+', 'u',   // 20–29
  '?', '!', '[', ']', 'e', 'n', '@', 'x', 'f', '(',   // 30–39
  ')', 'r',                                           // 40–41
];

/** The mnemonic WFDB prints for an annotation code (`N` for 1, `+` for 28), `[n]` for codes without one. */
export function wfdbAnnotationSymbol(code: number): string {
  return SYMBOLS[code] ?? `[${code}]`;
}

/**
 * Decodes a WFDB annotation file in MIT format.
 *
 * A file that ends without the 0 terminator is accepted (some writers omit it); one that ends inside a word,
 * a SKIP interval or an AUX string is not.
 *
 * @param bytes - the whole annotation file
 * @param source - file name for error messages
 * @returns the annotations in file order (which is time order for files WFDB wrote)
 * @throws FormatError naming the byte offset of a truncated word, SKIP or AUX, or a modifier with no annotation
 */
export function readWfdbAnnotations(bytes: Uint8Array, source?: string): WfdbAnnotation[] {
  const fail = (offset: number, reason: string): FormatError =>
    new FormatError('WFDB annotations', `byte ${offset}: ${reason}`, source);
  const annotations: WfdbAnnotation[] = [];
  let time = 0;
  let num = 0;
  let channel = 0;
  let offset = 0;

  while (offset < bytes.length) {
    if (offset + 2 > bytes.length) throw fail(offset, 'file ends inside a 16-bit annotation word');
    const word = bytes[offset]! | (bytes[offset + 1]! << 8);
    const wordOffset = offset;
    offset += 2;
    const type = word >> 10;
    const value = word & 0x3ff;
    if (type === 0 && value === 0) break;

    if (type === SKIP) {
      if (offset + 4 > bytes.length) throw fail(wordOffset, 'file ends inside a SKIP interval');
      const high = bytes[offset]! | (bytes[offset + 1]! << 8);
      const low = bytes[offset + 2]! | (bytes[offset + 3]! << 8);
      time += ((high << 16) | low) >> 0; // signed 32-bit
      offset += 4;
      continue;
    }
    if (type < SKIP) {
      time += value;
      annotations.push({ sample: time, code: type, symbol: wfdbAnnotationSymbol(type), subtype: 0, channel, num });
      continue;
    }

    const current = annotations.at(-1);
    if (current === undefined) throw fail(wordOffset, `modifier word (type ${type}) before any annotation`);
    if (type === NUM) {
      num = value;
      current.num = value;
    } else if (type === SUB) {
      current.subtype = value;
    } else if (type === CHN) {
      channel = value;
      current.channel = value;
    } else if (type === AUX) {
      // `value` bytes, then one pad byte when the count is odd.
      if (offset + value > bytes.length) throw fail(wordOffset, `file ends inside a ${value}-byte AUX string`);
      current.aux = decodeAux(bytes.subarray(offset, offset + value));
      offset += value + (value & 1);
    }
  }
  return annotations;
}

/** AUX bytes as text: byte = character (the strings are ASCII in practice), trailing NULs dropped. */
function decodeAux(bytes: Uint8Array): string {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  return String.fromCharCode(...bytes.subarray(0, end));
}
