import { gzipSync } from 'node:zlib';
import { isFormatError } from '../../shared';
import { readMimicLabEvents } from './mimic-lab-events';
import { collectMimicRecords } from './mimic-table';
import { readMimicDiagnosesIcd } from './mimic-diagnoses-icd';

const LAB_HEADER =
  'labevent_id,subject_id,hadm_id,specimen_id,itemid,order_provider_id,charttime,storetime,value,valuenum,' +
  'valueuom,ref_range_lower,ref_range_upper,flag,priority,comments';
const LAB_ROW = '1,10000032,,2,50912,,2180-03-23 11:51:00,,0.4,0.4,mg/dL,0.4,1.1,,STAT,"HEMOLYZED, SEE NOTE"';

const bytes = (text: string): Uint8Array[] => [new TextEncoder().encode(text)];

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    expect(isFormatError(error)).toBe(true);
    return error as Error;
  }
  throw new Error('expected a FormatError');
}

describe('readMimicTable through the lab event reader', () => {
  it('reads empty fields as undefined and quoted comments without splitting them, from gzip too', async () => {
    const text = `${LAB_HEADER}\n${LAB_ROW}\n`;
    const gz = [new Uint8Array(gzipSync(new TextEncoder().encode(text)))];

    const events = await collectMimicRecords(readMimicLabEvents(gz));

    expect(events).toEqual([
      {
        labeventId: 1,
        subjectId: 10000032,
        hadmId: undefined,
        specimenId: 2,
        itemId: 50912,
        chartTime: '2180-03-23T11:51:00',
        storeTime: undefined,
        value: '0.4',
        valueNum: 0.4,
        valueUom: 'mg/dL',
        refRangeLower: 0.4,
        refRangeUpper: 1.1,
        flag: undefined,
        priority: 'STAT',
      },
    ]);
    expect(events[0]).toHaveProperty('hadmId');
  });

  it('lists the columns a file lacks', async () => {
    const error = await rejection(collectMimicRecords(readMimicLabEvents(bytes('labevent_id,subject_id\n1,2\n'))));

    expect(error.message).toMatch(
      /^CSV labevents\.csv\.gz: header lacks the column\(s\) hadm_id, specimen_id, itemid,/,
    );
  });

  it.each([
    ['row 3, subject_id: is not an integer', LAB_ROW.replace('10000032', '1000x')],
    [
      'row 3, charttime: is not a "YYYY-MM-DD HH:MM:SS" date-time',
      LAB_ROW.replace('2180-03-23 11:51:00', '23/03/2180'),
    ],
    ['row 3, valuenum: is not a number', LAB_ROW.replace(',0.4,mg/dL', ',low,mg/dL')],
    ['row 3, flag: is neither empty nor "abnormal"', LAB_ROW.replace(',,STAT', ',high,STAT')],
    ['row 3 has 15 fields, the header has 16', LAB_ROW.replace(',"HEMOLYZED, SEE NOTE"', '')],
  ])('says "%s", naming no value', async (reason, badRow) => {
    const text = `${LAB_HEADER}\n${LAB_ROW}\n${badRow}\n`;

    const error = await rejection(collectMimicRecords(readMimicLabEvents(bytes(text), 'x/labevents.csv')));

    expect(error.message).toBe(`MIMIC-IV x/labevents.csv: ${reason}`);
  });

  it('rejects an empty file and an ICD version other than 9 or 10', async () => {
    const header = 'subject_id,hadm_id,seq_num,icd_code,icd_version';

    expect((await rejection(collectMimicRecords(readMimicDiagnosesIcd([])))).message).toBe(
      'MIMIC-IV diagnoses_icd.csv.gz: file is empty (no header row)',
    );
    expect(
      (await rejection(collectMimicRecords(readMimicDiagnosesIcd(bytes(`${header}\n2,3,1,I10,11\n`))))).message,
    ).toBe('MIMIC-IV diagnoses_icd.csv.gz: row 2, icd_version: is neither 9 nor 10');
  });
});
