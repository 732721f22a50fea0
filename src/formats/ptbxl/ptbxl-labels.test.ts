import { ptbxlLabels } from './ptbxl-labels';
import { parseScpStatements } from './scp-statements';

/** Rows copied from PTB-XL's scp_statements.csv (columns cut after "Statement Category"). */
const STATEMENTS = parseScpStatements(
  [
    ',description,diagnostic,form,rhythm,diagnostic_class,diagnostic_subclass,Statement Category',
    'NORM,normal ECG,1.0,,,NORM,NORM,Normal/abnormal',
    'IMI,inferior myocardial infarction,1.0,,,MI,IMI,Myocardial Infarction',
    'ASMI,anteroseptal myocardial infarction,1.0,,,MI,AMI,Myocardial Infarction',
    'LVH,left ventricular hypertrophy,1.0,,,HYP,LVH,Ventricular Hypertrophy',
    'AFIB,atrial fibrillation,,,1.0,,,Statements related to impulse formation (abnormalities)',
    'AFLT,atrial flutter,,,1.0,,,Statements related to impulse formation (abnormalities)',
    'SR,sinus rhythm,,,1.0,,,Statements related to impulse formation (abnormalities)',
    'NDT,non-diagnostic T abnormalities,1.0,1.0,,STTC,STTC,other ST-T descriptive statements',
  ].join('\n'),
);

const labelsOf = (codes: Record<string, number>) =>
  ptbxlLabels({ scpCodes: new Map(Object.entries(codes)) }, STATEMENTS);

describe('ptbxlLabels', () => {
  it('reads NORM, LVH, AFIB and AFLT from their codes, whatever the likelihood', () => {
    expect(labelsOf({ NORM: 100, SR: 0 })).toEqual(['NORM']);
    expect(labelsOf({ LVH: 50, AFLT: 0, AFIB: 0 })).toEqual(['LVH', 'AFIB', 'AFLT']);
  });

  it('gives MI for any statement of the MI diagnostic class, once', () => {
    expect(labelsOf({ IMI: 15, ASMI: 50, NDT: 100 })).toEqual(['MI']);
    expect(labelsOf({ NDT: 100, SR: 0 })).toEqual([]);
  });

  it('counts a code the statement table does not know for no class', () => {
    expect(labelsOf({ XYZ: 100 })).toEqual([]);
  });
});
