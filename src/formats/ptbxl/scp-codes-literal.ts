/**
 * The `scp_codes` column of PTB-XL's `ptbxl_database.csv`: a Python dict literal written by pandas, e.g.
 * `{'NORM': 100.0, 'LVOLT': 0.0, 'SR': 0.0}`, mapping an SCP-ECG statement code to the cardiologist's likelihood in
 * percent (0, 15, 35, 50, 80, 100). Rhythm statements always carry 0.0: for them 0 means "no likelihood given",
 * not "absent".
 */
import { FormatError } from '../../shared';

const ENTRY = /\s*(?:'([^'\\]*)'|"([^"\\]*)")\s*:\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(,|$)/y;

/**
 * Parses a PTB-XL `scp_codes` dict literal.
 *
 * @param text - the field as stored, braces included
 * @param source - where the field came from, for error messages (`ptbxl_database.csv ecg_id 1`)
 * @returns statement code → likelihood (%), in the literal's order
 * @throws FormatError when the text is not a dict of quoted codes to numbers, or repeats a code
 */
export function parseScpCodes(text: string, source?: string): Map<string, number> {
  const fail = (reason: string): FormatError => new FormatError('PTB-XL', `scp_codes: ${reason}`, source);
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) throw fail('is not a {…} dict literal');
  const body = trimmed.slice(1, -1).trim();
  const codes = new Map<string, number>();
  ENTRY.lastIndex = 0;
  while (ENTRY.lastIndex < body.length) {
    const start = ENTRY.lastIndex;
    const match = ENTRY.exec(body);
    if (match === null) throw fail(`expected 'CODE': number at character ${start + 1} of the dict body`);
    const code = match[1] ?? match[2]!;
    if (codes.has(code)) throw fail(`repeats the code ${code}`);
    codes.set(code, Number(match[3]));
    if (match[4] === ',' && ENTRY.lastIndex === body.length) break; // a trailing comma is valid Python
  }
  return codes;
}
