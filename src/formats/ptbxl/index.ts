/** PTB-XL metadata: the ECG table, the SCP-ECG statement table, and the labels derived from them. */
export { parsePtbxlDatabase, type PtbxlRecord } from './ptbxl-database';
export { parseScpStatements, type ScpStatement, type PtbxlDiagnosticClass } from './scp-statements';
export { parseScpCodes } from './scp-codes-literal';
export { ptbxlLabels, PTBXL_LABELS, type PtbxlLabel } from './ptbxl-labels';
