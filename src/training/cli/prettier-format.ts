/**
 * Formats a package's text files with the repository's Prettier settings, so that a committed model package passes
 * `npm run format:check` as written (rewriting it afterwards would break its checksums). CLI only: Prettier loads
 * through a dynamic import that jest cannot run.
 */
import * as prettier from 'prettier';

/** The text as Prettier formats a file at `path` (its settings resolved from the folder), applied until stable. */
export async function prettierFormat(path: string, text: string): Promise<string> {
  const options = { ...((await prettier.resolveConfig(path)) ?? {}), filepath: path };
  let current = await prettier.format(text, options);
  for (let pass = 0; pass < 3; pass++) {
    const next = await prettier.format(current, options);
    if (next === current) break;
    current = next;
  }
  return current;
}
