import { isFormatError } from '../../shared';
import { parsePtbxlDatabase } from './ptbxl-database';

const HEADER = 'ecg_id,patient_id,age,sex,height,weight,recording_date,scp_codes,strat_fold,filename_lr,filename_hr';
const row = (overrides: Partial<Record<string, string>> = {}): string => {
  const fields: Record<string, string> = {
    ecg_id: '5',
    patient_id: '17014.0',
    age: '',
    sex: '0',
    height: '',
    weight: '82.0',
    recording_date: '1984-11-17 10:43:15',
    scp_codes: `"{'NORM': 100.0, 'SR': 0.0}"`,
    strat_fold: '3',
    filename_lr: 'records100/00000/00005_lr',
    filename_hr: 'records500/00000/00005_hr',
    ...overrides,
  };
  return HEADER.split(',')
    .map((name) => fields[name])
    .join(',');
};

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    expect(isFormatError(error)).toBe(true);
    return error as Error;
  }
  throw new Error('expected a FormatError, nothing was thrown');
}

describe('parsePtbxlDatabase', () => {
  it('reads pandas float ids as integers, sex 0 as male, and leaves empty measurements out', () => {
    const [record] = parsePtbxlDatabase(`${HEADER}\n${row()}\n`);

    expect(record).toEqual({
      ecgId: 5,
      patientId: 17014,
      sex: 'male',
      weightKg: 82,
      recordedAt: '1984-11-17T10:43:15',
      scpCodes: new Map([
        ['NORM', 100],
        ['SR', 0],
      ]),
      stratFold: 3,
      filenameLr: 'records100/00000/00005_lr',
      filenameHr: 'records500/00000/00005_hr',
    });
  });

  it.each([
    [{ sex: 'M' }, 'sex: is neither 0 (male) nor 1 (female)'],
    [{ patient_id: '12.5' }, 'patient_id: is not a whole number'],
    [{ age: 'old' }, 'age: is not a number'],
    [{ recording_date: '17/11/1984' }, 'recording_date: is not "YYYY-MM-DD HH:MM:SS"'],
    [{ filename_hr: '' }, 'filename_hr: is empty'],
  ])('names the row, ecg_id and column of a bad value (%o)', (overrides, reason) => {
    const text = `${HEADER}\n${row()}\n${row(overrides)}\n`;

    expect(thrown(() => parsePtbxlDatabase(text)).message).toBe(
      `PTB-XL ptbxl_database.csv: row 3 (ecg_id 5), ${reason}`,
    );
  });

  it('names the record when its scp_codes literal is malformed', () => {
    expect(thrown(() => parsePtbxlDatabase(`${HEADER}\n${row({ scp_codes: `"{'NORM' 100}"` })}\n`)).message).toContain(
      'PTB-XL ptbxl_database.csv row 2 (ecg_id 5): scp_codes:',
    );
  });
});
