/**
 * Access to the real public datasets in ../shared/data (beside the repository). A user's clone has no ../shared:
 * suites that need it use describeWithSharedData, which skips them with a clear message instead of failing.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const SHARED_DATA_DIR = path.resolve(__dirname, '../../../shared/data');

export const hasSharedData = existsSync(path.join(SHARED_DATA_DIR, 'README.md'));

/** Absolute path of a file under ../shared/data. */
export function sharedDataPath(...parts: string[]): string {
  return path.join(SHARED_DATA_DIR, ...parts);
}

/** The bytes of a file under ../shared/data. */
export function readSharedBytes(...parts: string[]): Uint8Array {
  return new Uint8Array(readFileSync(sharedDataPath(...parts)));
}

/** The text of a file under ../shared/data. */
export function readSharedText(...parts: string[]): string {
  return readFileSync(sharedDataPath(...parts), 'utf8');
}

let warned = false;

/**
 * `describe` when ../shared/data exists. Otherwise a skipped placeholder, with a one-time explanation: `fn` is not
 * called at all, so a suite may read files in its describe body.
 */
export function describeWithSharedData(name: string, fn: () => void): void {
  if (hasSharedData) {
    describe(name, fn);
    return;
  }
  if (!warned) {
    warned = true;
    console.warn(
      `Skipping tests that read real data: ${SHARED_DATA_DIR} does not exist (it ships beside the repository for ` +
        'developers and CI, not in a clone). The rest of the suite still runs.',
    );
  }
  describe.skip(`${name} (needs ../shared/data)`, () => {
    it('reads real data from ../shared/data', () => undefined);
  });
}
