import { startSandbox } from '../../src/main';
import type { RunningSandbox } from '../../src/main';
import { loadConfig } from '../../src/shared/config';
import { createSilentLogger } from '../../src/shared/logger';

describe('sandbox composition root', () => {
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    sandbox = await startSandbox(
      loadConfig({ PORT: '0', HOST: '127.0.0.1', SANDBOX_SYNTHETIC_PATIENTS: '0' }),
      createSilentLogger(),
    );
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it('listens on a free port and serves the index, health and the FHIR endpoint under /fhir', async () => {
    const index = (await (await fetch(`${sandbox.baseUrl}/`)).json()) as { endpoints: { url: string }[] };
    const health = await fetch(`${sandbox.baseUrl}/healthz`);
    const metadata = await fetch(`${sandbox.baseUrl}/fhir/metadata`);

    expect(sandbox.baseUrl).toMatch(/^http:\/\/localhost:\d+$/);
    expect(sandbox.baseUrl).not.toMatch(/:0$/);
    expect(index.endpoints.map((endpoint) => endpoint.url)).toContain(`${sandbox.baseUrl}/fhir`);
    expect(health.status).toBe(200);
    expect(metadata.status).toBe(200);
  });
});
