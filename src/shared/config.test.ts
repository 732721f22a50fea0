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
