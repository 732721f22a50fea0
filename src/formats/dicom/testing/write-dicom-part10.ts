/**
 * A minimal DICOM Part-10 writer for tests (PS3.10 §7, PS3.5 §7.1): preamble, `DICM`, the file meta group in
 * explicit VR little endian, then the data set in explicit or implicit VR little endian. Sequences are written
 * with defined lengths. It writes exactly what it is given, in the order given (callers sort tags), so tests can
 * also build malformed files.
 */

/** An attribute to write. Text VRs take a string (multiple values joined with `\`), binary VRs numbers or bytes. */
export type DicomTestElement =
  | {
      tag: string;
      vr: 'AE' | 'AS' | 'CS' | 'DA' | 'DS' | 'DT' | 'IS' | 'LO' | 'LT' | 'PN' | 'SH' | 'ST' | 'TM' | 'UI' | 'UT';
      value: string;
    }
  | { tag: string; vr: 'US' | 'SS' | 'UL' | 'SL' | 'FL' | 'FD'; value: readonly number[] }
  | { tag: string; vr: 'OB' | 'OW'; value: Uint8Array }
  | { tag: string; vr: 'SQ'; items: readonly (readonly DicomTestElement[])[] };

export type TestTransferSyntax = 'explicit-le' | 'implicit-le';

const TRANSFER_SYNTAX_UIDS: Record<TestTransferSyntax, string> = {
  'explicit-le': '1.2.840.10008.1.2.1',
  'implicit-le': '1.2.840.10008.1.2',
};

/** VRs with a 2-byte reserved field and a 4-byte length in explicit VR (PS3.5 Table 7.1-1). */
const LONG_VRS = new Set(['OB', 'OW', 'OF', 'SQ', 'UT', 'UN']);

const NUMBER_WRITERS: Record<string, [number, (view: DataView, offset: number, value: number) => void]> = {
  US: [2, (v, o, x) => v.setUint16(o, x, true)],
  SS: [2, (v, o, x) => v.setInt16(o, x, true)],
  UL: [4, (v, o, x) => v.setUint32(o, x, true)],
  SL: [4, (v, o, x) => v.setInt32(o, x, true)],
  FL: [4, (v, o, x) => v.setFloat32(o, x, true)],
  FD: [8, (v, o, x) => v.setFloat64(o, x, true)],
};

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function u16(value: number): Uint8Array {
  return new Uint8Array([value & 0xff, value >> 8]);
}

function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, true);
  return out;
}

function tagBytes(tag: string): Uint8Array {
  return concat([u16(parseInt(tag.slice(0, 4), 16)), u16(parseInt(tag.slice(4, 8), 16))]);
}

function valueBytes(element: DicomTestElement, syntax: TestTransferSyntax): Uint8Array {
  switch (element.vr) {
    case 'SQ':
      return concat(
        element.items.map((item) => {
          const body = concat(item.map((child) => encodeElement(child, syntax)));
          return concat([tagBytes('FFFEE000'), u32(body.length), body]);
        }),
      );
    case 'OB':
    case 'OW':
      return element.value.length % 2 === 0 ? element.value : concat([element.value, new Uint8Array(1)]);
    case 'US':
    case 'SS':
    case 'UL':
    case 'SL':
    case 'FL':
    case 'FD': {
      const [size, write] = NUMBER_WRITERS[element.vr] ?? [0, () => undefined];
      const out = new Uint8Array(size * element.value.length);
      const view = new DataView(out.buffer);
      element.value.forEach((value, i) => write(view, i * size, value));
      return out;
    }
    default: {
      const text = new TextEncoder().encode(element.value);
      // Values have even length: UI pads with NUL, other text VRs with a space (PS3.5 §6.2).
      return text.length % 2 === 0 ? text : concat([text, new Uint8Array([element.vr === 'UI' ? 0 : 0x20])]);
    }
  }
}

function encodeElement(element: DicomTestElement, syntax: TestTransferSyntax): Uint8Array {
  const value = valueBytes(element, syntax);
  const tag = tagBytes(element.tag);
  if (syntax === 'implicit-le') return concat([tag, u32(value.length), value]);
  const vr = new TextEncoder().encode(element.vr);
  return LONG_VRS.has(element.vr)
    ? concat([tag, vr, new Uint8Array(2), u32(value.length), value])
    : concat([tag, vr, u16(value.length), value]);
}

/**
 * A Part-10 file holding `elements` (tags as 8 hex digits, `00280010`), with a meta group naming `sopClassUid`
 * and the transfer syntax. `declaredTransferSyntaxUid` puts another UID in the meta group (the data set is still
 * encoded per `transferSyntax`), to test how readers refuse syntaxes they cannot decode.
 */
export function writeDicomPart10(
  elements: DicomTestElement[],
  options: { sopClassUid: string; transferSyntax?: TestTransferSyntax; declaredTransferSyntaxUid?: string },
): Uint8Array {
  const syntax = options.transferSyntax ?? 'explicit-le';
  const meta = concat(
    [
      { tag: '00020001', vr: 'OB', value: new Uint8Array([0, 1]) } as const,
      { tag: '00020002', vr: 'UI', value: options.sopClassUid } as const,
      { tag: '00020003', vr: 'UI', value: '2.25.1' } as const,
      { tag: '00020010', vr: 'UI', value: options.declaredTransferSyntaxUid ?? TRANSFER_SYNTAX_UIDS[syntax] } as const,
    ].map((element) => encodeElement(element, 'explicit-le')),
  );
  const groupLength = encodeElement({ tag: '00020000', vr: 'UL', value: [meta.length] }, 'explicit-le');
  const body = concat(
    [{ tag: '00080016', vr: 'UI', value: options.sopClassUid } as const, ...elements].map((element) =>
      encodeElement(element, syntax),
    ),
  );
  return concat([new Uint8Array(128), new TextEncoder().encode('DICM'), groupLength, meta, body]);
}
