/**
 * Configuration, read from the environment in this one module and validated with zod. Nothing else reads
 * `process.env`; tests pass literal objects to loadConfig.
 */
import { z } from 'zod';
import { ConfigError } from './errors';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  /** Public base URL of this server (for fullUrls, links, CDS `aud`); defaults to http://localhost:PORT. */
  PUBLIC_BASE_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Folder of FHIR Bundle JSON files the sandbox loads at start (transaction, batch or collection). */
  SANDBOX_BUNDLES_DIR: z.string().optional(),
  /**
   * Synthetic patients (src/synth: labs, ECG, chest X-ray, diagnoses) the sandbox generates and loads at start;
   * 0 disables. Loaded beside SANDBOX_BUNDLES_DIR.
   */
  SANDBOX_SYNTHETIC_PATIENTS: z.coerce.number().int().min(0).max(100000).default(50),
  /** Seed of the sandbox's synthetic cohort: an integer or a word; the same seed gives the same patients and ids. */
  SANDBOX_SEED: z.string().trim().min(1).default('1'),
  /** FHIR base URL of the EHR the product reads from; unset = the embedded sandbox. */
  FHIR_BASE_URL: z.url().optional(),
  /** Per-request timeout for FHIR calls, ms. */
  FHIR_TIMEOUT_MS: z.coerce.number().int().positive().default(15000),
  /** Retries on 429/503 and network errors. */
  FHIR_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
});

export type AppConfig = z.infer<typeof schema> & { PUBLIC_BASE_URL: string };

/** Validates the environment; throws ConfigError naming the first bad key. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = issue?.path.join('.') ?? '(unknown)';
    throw new ConfigError(key, issue?.message ?? 'invalid');
  }
  const config = result.data;
  return { ...config, PUBLIC_BASE_URL: config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}` };
}
