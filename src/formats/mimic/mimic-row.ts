/**
 * Typed access to the fields of one MIMIC-IV CSV row. MIMIC writes an absent value as an empty field, integers
 * without decimals, and times as `YYYY-MM-DD HH:MM:SS` in the de-identified, shifted local time of the hospital
 * (years 2100–2200); times are returned as ISO 8601 local date-times without zone (`2153-09-17T17:08:00`).
 *
 * Error messages name the file, row and column, never the value: lab values and free text are patient data.
 */
import { FormatError } from '../../shared';
import type { CsvColumnIndex } from '../csv';

const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INTEGER = /^-?\d+$/;

/** One row of a MIMIC table, reused for every row of a file (readers set `fields` and `rowNumber`). */
export class MimicRow<C extends string> {
  /** The current row's fields. */
  fields: readonly string[] = [];
  /** 1-based, counting the header as row 1. */
  rowNumber = 0;

  constructor(
    private readonly columns: CsvColumnIndex<C>,
    private readonly source: string,
  ) {}

  /** A non-empty text field. */
  text(column: C): string {
    const value = this.optionalText(column);
    if (value === undefined) throw this.fail(column, 'is empty');
    return value;
  }

  /** A text field; undefined when empty. */
  optionalText(column: C): string | undefined {
    const value = this.fields[this.columns[column]];
    return value === undefined || value === '' ? undefined : value;
  }

  /** An integer field (ids, item ids, sequence numbers). */
  integer(column: C): number {
    const value = this.optionalInteger(column);
    if (value === undefined) throw this.fail(column, 'is empty');
    return value;
  }

  /** An integer field; undefined when empty. */
  optionalInteger(column: C): number | undefined {
    const value = this.optionalText(column);
    if (value === undefined) return undefined;
    if (!INTEGER.test(value)) throw this.fail(column, 'is not an integer');
    return Number(value);
  }

  /** A decimal field; undefined when empty. */
  optionalNumber(column: C): number | undefined {
    const value = this.optionalText(column);
    if (value === undefined) return undefined;
    const number = Number(value);
    if (!Number.isFinite(number)) throw this.fail(column, 'is not a number');
    return number;
  }

  /** A `YYYY-MM-DD HH:MM:SS` field, as `YYYY-MM-DDTHH:MM:SS`. */
  dateTime(column: C): string {
    const value = this.optionalDateTime(column);
    if (value === undefined) throw this.fail(column, 'is empty');
    return value;
  }

  /** A `YYYY-MM-DD HH:MM:SS` field, as `YYYY-MM-DDTHH:MM:SS`; undefined when empty. */
  optionalDateTime(column: C): string | undefined {
    const value = this.optionalText(column);
    if (value === undefined) return undefined;
    if (!DATE_TIME.test(value)) throw this.fail(column, 'is not a "YYYY-MM-DD HH:MM:SS" date-time');
    return `${value.slice(0, 10)}T${value.slice(11)}`;
  }

  /** A `YYYY-MM-DD` field; undefined when empty. */
  optionalDate(column: C): string | undefined {
    const value = this.optionalText(column);
    if (value !== undefined && !DATE.test(value)) throw this.fail(column, 'is not a "YYYY-MM-DD" date');
    return value;
  }

  /** An error naming this row and the column. */
  fail(column: C, reason: string): FormatError {
    return new FormatError('MIMIC-IV', `row ${this.rowNumber}, ${column}: ${reason}`, this.source);
  }
}
