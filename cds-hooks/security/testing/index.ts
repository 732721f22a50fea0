/** Test helpers for code that sits behind CDS client authentication. */
export { captureLogger, type CapturedLogger } from './capture-logger';
export {
  createTestCdsClient,
  type TestCdsClient,
  type TestCdsClientOptions,
  type TestTokenOverrides,
} from './test-cds-client';
