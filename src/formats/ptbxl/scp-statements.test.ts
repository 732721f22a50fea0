import { isFormatError } from '../../shared';
import { parseScpStatements } from './scp-statements';

const HEADER = ',description,diagnostic,form,rhythm,diagnostic_class,diagnostic_subclass,Statement Category';

/** Rows copied from PTB-XL's scp_statements.csv (columns cut after "Statement Category"). */
const STATEMENTS = parseScpStatements(
  [
    HEADER,
    'NDT,non-diagnostic T abnormalities,1.0,1.0,,STTC,STTC,other ST-T descriptive statements',
    'AFIB,atrial fibrillation,,,1.0,,,Statements related to impulse formation (abnormalities)',
  ].join('\n'),
);

describe('parseScpStatements', () => {
  it('reads the flags and the class of diagnostic, form and rhythm statements', () => {
    expect(STATEMENTS.get('NDT')).toEqual({
      code: 'NDT',
      description: 'non-diagnostic T abnormalities',
      diagnostic: true,
      form: true,
      rhythm: false,
      diagnosticClass: 'STTC',
      diagnosticSubclass: 'STTC',
      category: 'other ST-T descriptive statements',
    });
    expect(STATEMENTS.get('AFIB')).toMatchObject({ diagnostic: false, form: false, rhythm: true });
    expect(STATEMENTS.get('AFIB')?.diagnosticClass).toBeUndefined();
  });

  it('rejects a diagnostic class outside the five superclasses', () => {
    let error: unknown;
    try {
      parseScpStatements(`${HEADER}\nX,x,1.0,,,ZZZ,X,c\n`);
    } catch (caught) {
      error = caught;
    }

    expect(isFormatError(error)).toBe(true);
    expect((error as Error).message).toBe(
      'PTB-XL scp_statements.csv: row 2: X: diagnostic_class "ZZZ" is none of NORM, MI, STTC, CD, HYP',
    );
  });

  it('rejects a flag other than 1.0 or empty', () => {
    expect(() => parseScpStatements(`${HEADER}\nX,x,yes,,,,,c\n`)).toThrow(
      'row 2: diagnostic is neither 1.0 nor empty',
    );
  });
});
