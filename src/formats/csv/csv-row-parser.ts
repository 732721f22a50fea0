/**
 * An incremental CSV parser after RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180): fields separated by commas,
 * records by CRLF, LF or a lone CR; a field in double quotes may hold commas, line breaks and doubled quotes
 * (`""` → `"`). Text arrives in chunks of any size, split anywhere (inside a quoted field, between CR and LF).
 *
 * Where RFC 4180 is stricter than the files met in practice, this parser does what Python's `csv` module does:
 * a quote inside an unquoted field is kept as a character, rows may differ in length (the caller checks), and an
 * empty line is skipped rather than read as a row of one empty field. A character other than a comma or a line
 * break after a closing quote, and a quoted field still open at the end of the input, are errors.
 */
import { FormatError } from '../../shared';

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const BOM = '\ufeff';

/**
 * Parses CSV text pushed in chunks into rows of fields.
 *
 * A row is returned once its line break has been seen (or at {@link CsvRowParser.end}); the text of an unfinished
 * row is kept and parsed again with the next chunk, so a row longer than a chunk costs a rescan per chunk.
 */
export class CsvRowParser {
  private pending = '';
  private rowCount = 0;
  private started = false;

  /** @param source - file name for error messages */
  constructor(private readonly source?: string) {}

  /**
   * Adds a chunk of text.
   *
   * @returns the rows completed by this chunk, in order (often none for a small chunk)
   * @throws FormatError naming the row (1-based, counting the header) with a stray character after a closing quote
   */
  push(chunk: string): string[][] {
    return this.parse(chunk, false);
  }

  /**
   * Ends the input.
   *
   * @returns the last row, when the text did not end with a line break
   * @throws FormatError when a quoted field is still open
   */
  end(): string[][] {
    return this.parse('', true);
  }

  /** Rows returned so far (empty lines not counted). */
  get rowsRead(): number {
    return this.rowCount;
  }

  private parse(chunk: string, final: boolean): string[][] {
    let text = this.pending + chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.startsWith(BOM)) text = text.slice(1);
    }
    const rows: string[][] = [];
    const consumed = this.scan(text, final, rows);
    this.pending = text.slice(consumed);
    this.rowCount += rows.length;
    return rows;
  }

  /** Appends the complete rows of `text` to `rows`; returns where the first incomplete row starts. */
  private scan(text: string, final: boolean, rows: string[][]): number {
    const n = text.length;
    let pos = 0;
    while (pos < n) {
      const rowStart = pos;
      const row: string[] = [];
      for (;;) {
        let c: number;
        if (pos < n && text.charCodeAt(pos) === QUOTE) {
          const closed = readQuoted(text, pos, final);
          if (closed === undefined) {
            if (final) throw this.fail(rows.length, 'quoted field is not closed before the end of the input');
            return rowStart;
          }
          row.push(closed.value);
          pos = closed.next;
          c = pos < n ? text.charCodeAt(pos) : -1;
          if (c !== COMMA && c !== LF && c !== CR && c !== -1) {
            throw this.fail(rows.length, 'a closing quote is followed by a character other than a comma or line break');
          }
        } else {
          let end = pos;
          c = -1;
          while (end < n) {
            const d = text.charCodeAt(end);
            if (d === COMMA || d === LF || d === CR) {
              c = d;
              break;
            }
            end++;
          }
          row.push(text.slice(pos, end));
          pos = end;
        }

        if (c === COMMA) {
          pos++;
          continue;
        }
        const blankLine = row.length === 1 && pos === rowStart;
        if (c === -1) {
          if (!final) return rowStart;
          if (!blankLine) rows.push(row);
          return n;
        }
        if (c === CR) {
          // A CR at the end of a chunk may be the first half of a CRLF.
          if (pos + 1 === n && !final) return rowStart;
          pos += text.charCodeAt(pos + 1) === LF ? 2 : 1;
        } else {
          pos++;
        }
        if (!blankLine) rows.push(row);
        break;
      }
    }
    return n;
  }

  private fail(rowsInChunk: number, reason: string): FormatError {
    return new FormatError('CSV', `row ${this.rowCount + rowsInChunk + 1}: ${reason}`, this.source);
  }
}

/**
 * Reads the quoted field whose opening quote is at `open`.
 *
 * @returns its value and the index after the closing quote, or undefined when the text ends before the field is
 *   known to be closed (a quote as the last character of a chunk may be the first of a doubled pair)
 */
function readQuoted(text: string, open: number, final: boolean): { value: string; next: number } | undefined {
  let value = '';
  let from = open + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote === -1) return undefined;
    if (quote + 1 === text.length && !final) return undefined;
    if (text.charCodeAt(quote + 1) === QUOTE) {
      value += text.slice(from, quote + 1);
      from = quote + 2;
    } else {
      return { value: value + text.slice(from, quote), next: quote + 1 };
    }
  }
}
