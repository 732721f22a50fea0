import { gzipSync } from 'node:zlib';
import { isFormatError } from '../../shared';
import { parseNihCxrLabels, readNihCxrLabels } from './nih-cxr-labels';

const HEADER =
  'Image Index,Finding Labels,Follow-up #,Patient ID,Patient Age,Patient Gender,View Position,' +
  'OriginalImage[Width,Height],OriginalImagePixelSpacing[x,y]';
const ROW = '00000003_001.png,Hernia|Infiltration,1,3,74,F,AP,2500,2048,0.168,0.168';

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    expect(isFormatError(error)).toBe(true);
    return error as Error;
  }
  throw new Error('expected a FormatError, nothing was thrown');
}

describe('parseNihCxrLabels', () => {
  it('splits findings on | and reads the split size and spacing columns', () => {
    expect(parseNihCxrLabels(`${HEADER}\n${ROW}\n`)).toEqual([
      {
        imageIndex: '00000003_001.png',
        findings: ['Hernia', 'Infiltration'],
        followUp: 1,
        patientId: 3,
        age: 74,
        sex: 'F',
        view: 'AP',
        originalWidth: 2500,
        originalHeight: 2048,
        pixelSpacing: { x: 0.168, y: 0.168 },
      },
    ]);
  });

  it('reads the same rows from gzip bytes and from plain bytes', () => {
    const plain = new TextEncoder().encode(`${HEADER}\n${ROW}\n`);

    expect(readNihCxrLabels(new Uint8Array(gzipSync(plain)))).toEqual(readNihCxrLabels(plain));
  });

  it.each([
    [1, 'Hernia|Flu', 'Finding Labels: "Flu" is not a ChestX-ray14 finding'],
    [6, 'LL', 'View Position: is neither PA nor AP'],
    [5, 'X', 'Patient Gender: is neither M nor F'],
    [4, '74.5', 'Patient Age: is not a non-negative integer'],
    [9, '-0.1', 'OriginalImagePixelSpacing[x: is not a positive number'],
    [0, '', 'Image Index: is missing'],
  ])('names the row and column of a bad value (field %i = "%s")', (field, value, reason) => {
    const fields = ROW.split(',');
    fields[field] = value;

    expect(thrown(() => parseNihCxrLabels(`${HEADER}\n${ROW}\n${fields.join(',')}\n`, 'd.csv')).message).toBe(
      `NIH CXR d.csv: row 3, ${reason}`,
    );
  });

  it('rejects corrupt gzip data', () => {
    const gz = new Uint8Array(gzipSync(new TextEncoder().encode(`${HEADER}\n${ROW}\n`)));

    expect(thrown(() => readNihCxrLabels(gz.subarray(0, 20), 'd.csv.gz')).message).toBe(
      'NIH CXR d.csv.gz: gzip data is corrupt or cut short',
    );
  });
});
