/** CSV: an RFC 4180 parser, whole-text and streaming (plain or gzip), and column lookup for typed readers. */
export { CsvRowParser } from './csv-row-parser';
export { parseCsv, parseCsvTable, type CsvTable } from './parse-csv';
export { indexCsvColumns, type CsvColumnIndex } from './csv-columns';
export { readCsvRowBatches, type ByteSource } from './read-csv-stream';
