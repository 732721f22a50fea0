import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { isFormatError } from '../../shared';
import { readCsvRowBatches } from './read-csv-stream';

/** Quoted newlines, a multi-byte character (é is 2 bytes in UTF-8, ✓ 3) and CRLF; rows as Python's csv reads them. */
const TEXT = 'id,comment\r\n1,"café ✓\nsecond line"\r\n2,"a ""b"""\r\n3,ok';
const ROWS = [
  ['id', 'comment'],
  ['1', 'café ✓\nsecond line'],
  ['2', 'a "b"'],
  ['3', 'ok'],
];

function pieces(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

async function readAll(input: Iterable<Uint8Array> | AsyncIterable<Uint8Array>, source?: string): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const batch of readCsvRowBatches(input, source)) rows.push(...batch);
  return rows;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('readCsvRowBatches', () => {
  const plain = new TextEncoder().encode(TEXT);

  it.each([1, 2, 3, 5, 64])(
    'reads plain UTF-8 bytes in %i-byte chunks, characters split across chunks',
    async (size) => {
      expect(await readAll(pieces(plain, size))).toEqual(ROWS);
    },
  );

  it.each([1, 7, 4096])('recognises gzip input by its magic number, in %i-byte chunks', async (size) => {
    const gz = new Uint8Array(gzipSync(plain));

    expect(await readAll(Readable.from(pieces(gz, size)))).toEqual(ROWS);
  });

  it('yields the header with the first batch and nothing for an empty input', async () => {
    const batches: string[][][] = [];
    for await (const batch of readCsvRowBatches([plain])) batches.push(batch);

    expect(batches[0]?.[0]).toEqual(['id', 'comment']);
    expect(await readAll([])).toEqual([]);
    expect(await readAll([new Uint8Array(0)])).toEqual([]);
  });

  it('gives a FormatError naming the file for gzip data cut short', async () => {
    const gz = new Uint8Array(gzipSync(plain));

    const error = await rejection(readAll([gz.subarray(0, gz.length - 9)], 'labevents.csv.gz'));

    expect(isFormatError(error)).toBe(true);
    expect(error.message).toMatch(/^CSV labevents\.csv\.gz: gzip data is corrupt or cut short \(Z_/);
  });

  it('passes an error of the byte source through unchanged', async () => {
    const gz = new Uint8Array(gzipSync(plain));
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield gz.subarray(0, 10);
      throw new Error('disk gone');
    }

    const error = await rejection(readAll(failing()));

    expect(isFormatError(error)).toBe(false);
    expect(error.message).toBe('disk gone');
  });
});
