import { loadConfig } from './config';
import { ConfigError } from './errors';

describe('loadConfig', () => {
  it('uses the embedded defaults when nothing is set', () => {
    const config = loadConfig({});

    expect(config.PORT).toBe(8080);
    expect(config.PUBLIC_BASE_URL).toBe('http://localhost:8080');
    expect(config.FHIR_BASE_URL).toBeUndefined();
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/^PORT: /);
    expect(() => loadConfig({ FHIR_BASE_URL: 'not a url' })).toThrow(/FHIR_BASE_URL/);
  });
});

describe('loadConfig for the CDS service', () => {
  it('defaults to JWT client authentication, the default model and the SMART launch path', () => {
    const config = loadConfig({ PUBLIC_BASE_URL: 'https://cds.example.org/' });

    expect(config.CDS_AUTH).toBe('jwt');
    expect(config.MODEL_DIR).toBe('models/default');
    expect(config.CDS_SMART_LAUNCH_URL).toBe('https://cds.example.org/smart/launch');
    expect(config.CDS_ENABLED).toBe(true);
  });

  it('reads booleans and refuses a malformed body limit', () => {
    expect(loadConfig({ CDS_ENABLED: 'false' }).CDS_ENABLED).toBe(false);
    expect(loadConfig({}).MODEL_ORT_SPINNING).toBe(false);
    expect(loadConfig({ MODEL_ORT_SPINNING: 'true' }).MODEL_ORT_SPINNING).toBe(true);
    expect(() => loadConfig({ CDS_BODY_LIMIT: 'lots' })).toThrow(/^CDS_BODY_LIMIT: /);
  });
});
