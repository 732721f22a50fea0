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

  /** Model package folder the CDS service, assessment API and agents load. */
  MODEL_DIR: z.string().default('models/default'),
  /** onnxruntime execution provider; an unavailable one falls back to cpu with a logged warning. */
  MODEL_EXECUTION_PROVIDER: z.enum(['cpu', 'cuda', 'webgpu']).default('cpu'),
  /** onnxruntime intra-op threads (0 = onnxruntime's default). */
  MODEL_THREADS: z.coerce.number().int().min(0).max(256).default(0),
  /**
   * Let onnxruntime's intra-op threads spin (busy-wait) after each run, its own default; off by default, since a
   * spinning pool takes cores from the event loop between the server's short runs.
   */
  MODEL_ORT_SPINNING: z.stringbool().default(false),

  /** Serve the CDS Hooks service (and the assessment API) beside the sandbox. */
  CDS_ENABLED: z.stringbool().default(true),
  /**
   * FHIR base URLs a CDS client may name as `fhirServer` (comma-separated, exact prefixes). The embedded sandbox's
   * own base is always allowed. A fhirServer outside the list is never contacted (CDS Hooks answers 412).
   */
  CDS_FHIR_ALLOWLIST: z.string().default(''),
  /** Look-back window for labs and ECG, hours before the hook's time (the paper: ±24 h around admission). */
  CDS_LOOKBACK_HOURS: z.coerce.number().positive().max(24 * 365).default(24),
  /** Look-back window for the chest X-ray, hours. */
  CDS_CXR_LOOKBACK_HOURS: z.coerce.number().positive().max(24 * 365).default(72),
  /** SMART app launch URL for card links; defaults to PUBLIC_BASE_URL/smart/launch. */
  CDS_SMART_LAUNCH_URL: z.url().optional(),
  /** Client authentication of CDS Hooks calls: `jwt` (the spec's bearer JWT; default) or `none` (local development only). */
  CDS_AUTH: z.enum(['jwt', 'none']).default('jwt'),
  /**
   * Trusted CDS clients, a JSON array: [{"iss": "...", "jwksUrl": "https://..."} | {"iss": "...", "jwks": {...}},
   * optionally "jkuHosts": ["ehr.example.org"] to accept `jku` headers on those hosts only].
   */
  CDS_TRUSTED_CLIENTS: z.string().default('[]'),
  /** SQLite file for the audit trail and card feedback (`:memory:` for none on disk). */
  CDS_DB_PATH: z.string().default('var/medtvt.sqlite'),
  /** Requests per minute per client IP on CDS and API routes. */
  CDS_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** Largest accepted JSON body (prefetch may carry ECG waveforms), e.g. `10mb`. */
  CDS_BODY_LIMIT: z.string().regex(/^\d+(kb|mb)$/).default('10mb'),
  /** Allowed browser origins for CORS, comma-separated, or `*`. */
  CDS_CORS_ORIGINS: z.string().default('*'),
  /**
   * MiB of memory for the derived-data caches (decoded ECG and image files, model tensors, ECG measurements), keyed
   * by content hash so that a chart opened again costs almost nothing; 0 disables them.
   */
  CDS_CACHE_MB: z.coerce.number().min(0).max(1024 * 1024).default(256),
});

export type AppConfig = z.infer<typeof schema> & { PUBLIC_BASE_URL: string; CDS_SMART_LAUNCH_URL: string };

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
  const publicBaseUrl = (config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');
  return {
    ...config,
    PUBLIC_BASE_URL: publicBaseUrl,
    CDS_SMART_LAUNCH_URL: config.CDS_SMART_LAUNCH_URL ?? `${publicBaseUrl}/smart/launch`,
  };
}
