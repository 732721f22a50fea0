/**
 * Cohort seeds as people type them. Random seeds an integer directly and hashes text, so "7" and 7 would give
 * different cohorts: a seed written in decimal digits (0 … 2^32 − 1) is therefore always read as the integer.
 */

/**
 * @param text - a seed from a command line or the environment
 * @returns the integer for decimal digits in 0 … 2^32 − 1, else the trimmed text
 */
export function parseCohortSeed(text: string): number | string {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) && Number(trimmed) <= 0xffffffff ? Number(trimmed) : trimmed;
}
