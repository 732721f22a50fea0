/**
 * Which `fhirServer` URLs the service may contact with a hook's bearer token. Without this check any caller could
 * make the service send requests (and the token) to a host of its choosing.
 *
 * An entry allows itself and every URL below it at a path-segment boundary: `https://ehr.example.org/fhir` allows
 * `https://ehr.example.org/fhir` and `https://ehr.example.org/fhir/R4`, not `https://ehr.example.org/fhir-evil` nor
 * `https://ehr.example.org.evil.com/fhir`. Scheme, host and port must match exactly. A URL with credentials, a
 * query or a fragment is never allowed.
 */

export class FhirServerAllowlist {
  private readonly entries: string[];

  /**
   * @param entries - base URLs (CDS_FHIR_ALLOWLIST's comma-separated list, plus the sandbox's own FHIR base)
   */
  constructor(entries: readonly string[]) {
    this.entries = entries.map((entry) => normalise(entry)).filter((entry): entry is string => entry !== undefined);
  }

  /** Parses CDS_FHIR_ALLOWLIST (comma-separated) and adds the extra bases. */
  static fromConfig(list: string, extra: readonly string[] = []): FhirServerAllowlist {
    const entries = list
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    return new FhirServerAllowlist([...entries, ...extra]);
  }

  allows(fhirServer: string): boolean {
    const candidate = normalise(fhirServer);
    if (candidate === undefined) return false;
    return this.entries.some((entry) => candidate === entry || candidate.startsWith(`${entry}/`));
  }

  get size(): number {
    return this.entries.length;
  }
}

/** `origin + path` without trailing slashes, or undefined for what is not a plain http(s) URL. */
function normalise(value: string): string | undefined {
  if (!URL.canParse(value)) return undefined;
  const url = new URL(value);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username || url.password || url.search || url.hash) return undefined;
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
