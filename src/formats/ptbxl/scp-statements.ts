/**
 * PTB-XL's `scp_statements.csv`: one row per SCP-ECG statement code, saying whether it is a diagnostic, form or
 * rhythm statement and, for diagnostic ones, its diagnostic superclass and subclass. Wagner et al. 2020, Table 6–8.
 *
 * Layout: the first column is unnamed and holds the code; the flags are `1.0` or empty.
 */
import { FormatError } from '../../shared';
import { indexCsvColumns, parseCsv } from '../csv';

/** PTB-XL's five diagnostic superclasses. */
export type PtbxlDiagnosticClass = 'NORM' | 'MI' | 'STTC' | 'CD' | 'HYP';

const CLASSES: readonly string[] = ['NORM', 'MI', 'STTC', 'CD', 'HYP'] satisfies PtbxlDiagnosticClass[];

/** One SCP-ECG statement as PTB-XL describes it. */
export interface ScpStatement {
  code: string;
  description: string;
  diagnostic: boolean;
  form: boolean;
  rhythm: boolean;
  /** Superclass of a diagnostic statement (IMI → MI, LVH → HYP); undefined for form and rhythm statements. */
  diagnosticClass?: PtbxlDiagnosticClass;
  /** Subclass of a diagnostic statement (IMI → IMI, ASMI → AMI). */
  diagnosticSubclass?: string;
  /** The "Statement Category" column, e.g. `Myocardial Infarction`. */
  category: string;
}

const COLUMNS = [
  '',
  'description',
  'diagnostic',
  'form',
  'rhythm',
  'diagnostic_class',
  'diagnostic_subclass',
  'Statement Category',
] as const;

/**
 * Parses `scp_statements.csv`.
 *
 * @param text - the file's text
 * @param source - file name for error messages
 * @returns statements by code
 * @throws FormatError for a missing column, a flag other than `1.0`/empty, or an unknown diagnostic class
 */
export function parseScpStatements(text: string, source = 'scp_statements.csv'): Map<string, ScpStatement> {
  const [header, ...rows] = parseCsv(text, source);
  if (header === undefined) throw new FormatError('PTB-XL', 'file has no header row', source);
  const col = indexCsvColumns(header, COLUMNS, source);
  const statements = new Map<string, ScpStatement>();
  rows.forEach((row, i) => {
    const fail = (reason: string): FormatError => new FormatError('PTB-XL', `row ${i + 2}: ${reason}`, source);
    const field = (name: (typeof COLUMNS)[number]): string => {
      const value = row[col[name]];
      if (value === undefined) throw fail(`has no ${name || 'code'} field`);
      return value.trim();
    };
    const flag = (name: 'diagnostic' | 'form' | 'rhythm'): boolean => {
      const value = field(name);
      if (value !== '' && value !== '1.0' && value !== '1') throw fail(`${name} is neither 1.0 nor empty`);
      return value !== '';
    };
    const code = field('');
    if (code === '') throw fail('has an empty statement code');
    const diagnosticClass = field('diagnostic_class');
    if (diagnosticClass !== '' && !CLASSES.includes(diagnosticClass)) {
      throw fail(`${code}: diagnostic_class "${diagnosticClass}" is none of ${CLASSES.join(', ')}`);
    }
    const subclass = field('diagnostic_subclass');
    statements.set(code, {
      code,
      description: field('description'),
      diagnostic: flag('diagnostic'),
      form: flag('form'),
      rhythm: flag('rhythm'),
      ...(diagnosticClass && { diagnosticClass: diagnosticClass as PtbxlDiagnosticClass }),
      ...(subclass && { diagnosticSubclass: subclass }),
      category: field('Statement Category'),
    });
  });
  return statements;
}
