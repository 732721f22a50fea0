import { createReadStream } from 'node:fs';
import {
  collectMimicRecords,
  readMimicAdmissions,
  readMimicDiagnosesIcd,
  readMimicIcdDiagnosisTitles,
  readMimicLabEvents,
  readMimicLabItems,
  readMimicPatients,
} from '../../../src/formats/mimic/index';
import { describeWithSharedData, sharedDataPath } from '../../support/shared-data';

const open = (file: string) => createReadStream(sharedDataPath('mimic-iv-demo', 'hosp', file));

/**
 * MIMIC-IV Clinical Database Demo v2.2, `hosp/` tables, filtered to the 48 patients with an even subject_id (data
 * README). Expected values from Python's gzip and csv modules on the same files, not from this code:
 *
 *   rows = lambda f: list(csv.DictReader(gzip.open(f, 'rt', newline='')))
 *   [len(rows(f)) for f in (patients, admissions, labevents, diagnoses_icd, d_labitems, d_icd_diagnoses)]
 *                                                   # 48, 147, 49912, 2361, 1622, 109775
 *   sum(l['hadm_id'] == '' for l in L)              # 13329 lab events outside an admission
 *   sum(l['flag'] == 'abnormal' for l in L)         # 18415
 *   sum(l['valuenum'] != '' for l in L)             # 44203
 *   math.fsum(float(l['valuenum']) for l in L if l['valuenum'])   # 2751286.668
 *   Counter(d['icd_version'] for d in D)            # 9: 1062, 10: 1299
 *
 * and the first rows of each file (zcat | head).
 */
describeWithSharedData('MIMIC-IV demo hosp tables', () => {
  it('reads the 48 patients, all with even subject_ids, 11 with a date of death', async () => {
    const patients = await collectMimicRecords(readMimicPatients(open('patients.csv.gz')));

    expect(patients).toHaveLength(48);
    expect(patients.every((p) => p.subjectId % 2 === 0)).toBe(true);
    expect(patients.filter((p) => p.dod !== undefined)).toHaveLength(11);
    // 10003400,F,72,2134,2011 - 2013,2137-09-02
    expect(patients[0]).toEqual({
      subjectId: 10003400,
      gender: 'F',
      anchorAge: 72,
      anchorYear: 2134,
      anchorYearGroup: '2011 - 2013',
      dod: '2137-09-02',
    });
  });

  it('reads 147 admissions of the same 48 patients, 4 ending in death', async () => {
    const admissions = await collectMimicRecords(readMimicAdmissions(open('admissions.csv.gz')));

    expect(admissions).toHaveLength(147);
    expect(new Set(admissions.map((a) => a.subjectId)).size).toBe(48);
    expect(admissions.filter((a) => a.hospitalExpireFlag)).toHaveLength(4);
    // 10009628,25926192,2153-09-17 17:08:00,2153-09-25 13:20:00,,URGENT,P41R5N,TRANSFER FROM HOSPITAL,
    // HOME HEALTH CARE,Medicaid,?,MARRIED,HISPANIC/LATINO - PUERTO RICAN,,,0
    expect(admissions[0]).toEqual({
      subjectId: 10009628,
      hadmId: 25926192,
      admitTime: '2153-09-17T17:08:00',
      dischTime: '2153-09-25T13:20:00',
      admissionType: 'URGENT',
      admissionLocation: 'TRANSFER FROM HOSPITAL',
      dischargeLocation: 'HOME HEALTH CARE',
      insurance: 'Medicaid',
      language: '?',
      maritalStatus: 'MARRIED',
      race: 'HISPANIC/LATINO - PUERTO RICAN',
      hospitalExpireFlag: false,
    });
  });

  it('streams 49,912 lab events with the counts and value sum Python gives', async () => {
    let count = 0;
    let withoutAdmission = 0;
    let abnormal = 0;
    let numeric = 0;
    let sum = 0;
    let oddSubjects = 0;
    const firstTwo = [];
    for await (const batch of readMimicLabEvents(open('labevents.csv.gz'))) {
      for (const event of batch) {
        if (firstTwo.length < 2) firstTwo.push(event);
        count++;
        if (event.hadmId === undefined) withoutAdmission++;
        if (event.flag === 'abnormal') abnormal++;
        if (event.subjectId % 2 !== 0) oddSubjects++;
        if (event.valueNum !== undefined) {
          numeric++;
          sum += event.valueNum;
        }
      }
    }

    expect([count, withoutAdmission, abnormal, numeric, oddSubjects]).toEqual([49912, 13329, 18415, 44203, 0]);
    expect(sum).toBeCloseTo(2751286.668, 3);
    // 172062,10014354,29600294,1808066,51279,,2148-08-16 00:00:00,2148-08-16 01:30:00,3.35,3.35,m/uL,4.6,6.1,
    // abnormal,ROUTINE,
    expect(firstTwo[1]).toEqual({
      labeventId: 172062,
      subjectId: 10014354,
      hadmId: 29600294,
      specimenId: 1808066,
      itemId: 51279,
      chartTime: '2148-08-16T00:00:00',
      storeTime: '2148-08-16T01:30:00',
      value: '3.35',
      valueNum: 3.35,
      valueUom: 'm/uL',
      refRangeLower: 4.6,
      refRangeUpper: 6.1,
      flag: 'abnormal',
      priority: 'ROUTINE',
    });
  });

  it('reads 2,361 diagnoses, 1,062 coded in ICD-9 and 1,299 in ICD-10', async () => {
    const diagnoses = await collectMimicRecords(readMimicDiagnosesIcd(open('diagnoses_icd.csv.gz')));

    expect(diagnoses).toHaveLength(2361);
    expect(diagnoses.filter((d) => d.icdVersion === 9)).toHaveLength(1062);
    expect(diagnoses.filter((d) => d.icdVersion === 10)).toHaveLength(1299);
    // 10026354,24547356,4,D696,10
    expect(diagnoses[0]).toEqual({ subjectId: 10026354, hadmId: 24547356, seqNum: 4, icdCode: 'D696', icdVersion: 10 });
  });

  it('reads the 1,622 lab items, three of them unnamed', async () => {
    const items = await collectMimicRecords(readMimicLabItems(open('d_labitems.csv.gz')));

    expect(items).toHaveLength(1622);
    expect(items.find((item) => item.itemId === 50912)).toEqual({
      itemId: 50912,
      label: 'Creatinine',
      fluid: 'Blood',
      category: 'Chemistry',
    });
    expect(items.filter((item) => item.label === undefined).map((item) => item.itemId)).toEqual([51771, 51955, 52374]);
  });

  it('reads the 109,775 ICD code titles, quoted commas included', async () => {
    const titles = await collectMimicRecords(readMimicIcdDiagnosisTitles(open('d_icd_diagnoses.csv.gz')));
    const find = (code: string, version: 9 | 10) =>
      titles.find((t) => t.icdCode === code && t.icdVersion === version)?.longTitle;

    expect(titles).toHaveLength(109775);
    expect(find('0090', 9)).toBe('Infectious colitis, enteritis, and gastroenteritis');
    expect(find('I214', 10)).toBe('Non-ST elevation (NSTEMI) myocardial infarction');
    expect(find('41071', 9)).toBe('Subendocardial infarction, initial episode of care');
  });
});
