import { ConfigError } from '../../src/shared/errors';
import { parseTrustedClients } from './trusted-clients';

// A public-key JWK shape as an EHR would publish it. The coordinates are arbitrary base64url strings: the parser
// checks the shape only (jose checks the key material when a token is verified).
const EC_KEY = {
  kty: 'EC',
  crv: 'P-384',
  kid: 'ehr-1',
  x: 'kOt8k2dvGv4mZmGwnsR8kTjk2CkcfWQmvKAmTUIMUxWFtLvyLP9ugLb8ZRzXRJuK',
  y: 'Pw2aBhaRLLcaLi6zprAFuVhB2r95WJ_hKaxEbDZ6bLqHEP6O0uRZs3Okyv6I3kbk',
};

function configError(json: string): ConfigError {
  try {
    parseTrustedClients(json);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseTrustedClients', () => {
  it('reads clients with a JWKS URL or an inline JWKS, lower-casing jku hosts', () => {
    const json = JSON.stringify([
      { iss: 'https://ehr.example.org', jwksUrl: 'https://ehr.example.org/jwks.json', jkuHosts: ['Keys.Example.ORG'] },
      { iss: 'https://other.example.org', jwks: { keys: [EC_KEY] }, tenant: 'org-1' },
      { iss: 'http://localhost:8080/fhir', jwksUrl: 'http://localhost:8080/jwks.json' },
    ]);

    const clients = parseTrustedClients(json);

    expect(clients).toEqual([
      { iss: 'https://ehr.example.org', jwksUrl: 'https://ehr.example.org/jwks.json', jkuHosts: ['keys.example.org'] },
      { iss: 'https://other.example.org', jwks: { keys: [EC_KEY] }, tenant: 'org-1' },
      { iss: 'http://localhost:8080/fhir', jwksUrl: 'http://localhost:8080/jwks.json' },
    ]);
  });

  it('accepts the default empty list', () => {
    expect(parseTrustedClients('[]')).toEqual([]);
  });

  it('names the variable when the value is not JSON or not an array', () => {
    expect(configError('{oops').message).toMatch(/^CDS_TRUSTED_CLIENTS: is not valid JSON/);
    expect(configError('{"iss":"x"}').message).toMatch(/^CDS_TRUSTED_CLIENTS: must be a JSON array/);
  });

  it('names the entry index when an entry has both or neither key source', () => {
    const both = [
      { iss: 'a', jwks: { keys: [EC_KEY] } },
      { iss: 'b', jwks: { keys: [EC_KEY] }, jwksUrl: 'https://b.example.org/jwks' },
    ];

    expect(configError(JSON.stringify(both)).message).toBe(
      'CDS_TRUSTED_CLIENTS: entry 1: needs exactly one of "jwksUrl" or "jwks"',
    );
    expect(configError('[{"iss":"a"}]').key).toBe('CDS_TRUSTED_CLIENTS');
    expect(configError('[{"iss":"a"}]').message).toContain('entry 0');
  });

  it('refuses a plain http JWKS URL outside localhost', () => {
    const error = configError('[{"iss":"a","jwksUrl":"http://ehr.example.org/jwks"}]');

    expect(error.message).toBe('CDS_TRUSTED_CLIENTS: entry 0.jwksUrl: must be https (http only for localhost)');
  });

  it('refuses symmetric keys and private key material', () => {
    const oct = configError(JSON.stringify([{ iss: 'a', jwks: { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] } }]));
    const privateKey = configError(JSON.stringify([{ iss: 'a', jwks: { keys: [{ ...EC_KEY, d: 'c2VjcmV0' }] } }]));

    expect(oct.message).toContain('entry 0.jwks.keys.0: symmetric (oct) keys are not accepted');
    expect(privateKey.message).toContain('entry 0.jwks.keys.0: contains private key material');
  });

  it('refuses unknown fields, jku hosts with a scheme, and repeated issuer/tenant pairs', () => {
    const typo = configError('[{"iss":"a","jwksURL":"https://a.example.org/jwks","jwks":{"keys":[{"kty":"EC"}]}}]');
    const scheme = configError(JSON.stringify([{ iss: 'a', jwks: { keys: [EC_KEY] }, jkuHosts: ['https://x.org'] }]));
    const repeated = configError(
      JSON.stringify([
        { iss: 'a', jwks: { keys: [EC_KEY] } },
        { iss: 'a', jwks: { keys: [EC_KEY] }, tenant: 't' },
        { iss: 'a', jwksUrl: 'https://a.example.org/jwks' },
      ]),
    );

    expect(typo.message).toMatch(/^CDS_TRUSTED_CLIENTS: entry 0/);
    expect(scheme.message).toContain('entry 0.jkuHosts.0: must be a bare host name');
    expect(repeated.message).toBe('CDS_TRUSTED_CLIENTS: entry 2: repeats the issuer and tenant of entry 0');
  });
});
