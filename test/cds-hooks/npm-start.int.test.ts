/** @jest-environment ./src/model/runtime/testing/onnxruntime-jest-environment.js */
/**
 * `npm start`'s composition (startSandbox) with the CDS service mounted beside /fhir on one port: discovery signed
 * by the development client, 503 and "not ready" while MODEL_DIR has no package, ready once a package loads.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTestPackage } from '../../src/model/package/testing/write-test-package';
import { startSandbox, type RunningSandbox } from '../../src/main';
import { createSilentLogger, loadConfig } from '../../src/shared/index';

const HOOK = {
  hook: 'patient-view',
  hookInstance: '2b7f3c1e-1d2a-4c3b-8e4f-5a6b7c8d9e0f',
  context: { userId: 'Practitioner/1', patientId: 'p1' },
};

async function start(modelDir: string): Promise<RunningSandbox> {
  return startSandbox(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      SANDBOX_SYNTHETIC_PATIENTS: '0',
      MODEL_DIR: modelDir,
      CDS_DB_PATH: ':memory:',
    }),
    createSilentLogger(),
  );
}

describe('npm start with the CDS Hooks service', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cds-start-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves signed discovery beside /fhir, and answers 503 and not ready while there is no model package', async () => {
    const sandbox = await start(join(dir, 'missing'));
    try {
      await sandbox.cds?.model.loaded;
      const client = sandbox.cds?.developmentClient;
      if (!client) throw new Error('no development client');
      const discoveryToken = await client.sign(`${sandbox.baseUrl}/cds-services`);
      const hookUrl = `${sandbox.baseUrl}/cds-services/medtvt-comorbidity`;

      const discovery = await fetch(`${sandbox.baseUrl}/cds-services`, {
        headers: { authorization: `Bearer ${discoveryToken}` },
      });
      const unsigned = await fetch(`${sandbox.baseUrl}/cds-services`);
      const hook = await fetch(hookUrl, {
        method: 'POST',
        headers: { authorization: `Bearer ${await client.sign(hookUrl)}`, 'content-type': 'application/json' },
        body: JSON.stringify(HOOK),
      });
      const ready = await fetch(`${sandbox.baseUrl}/readyz`);
      const metadata = await fetch(`${sandbox.baseUrl}/fhir/metadata`);

      expect(discovery.status).toBe(200);
      expect(unsigned.status).toBe(401);
      expect(hook.status).toBe(503);
      expect(((await hook.json()) as { error: string }).error).toMatch(/^no comorbidity model is loaded \(.*missing/);
      expect(ready.status).toBe(503);
      expect(await ready.text()).toMatch(/missing/);
      expect(metadata.status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });

  it('is ready once the model package in MODEL_DIR has loaded', async () => {
    const sandbox = await start(await writeTestPackage(join(dir, 'package')));
    try {
      await sandbox.cds?.model.loaded;

      const ready = await fetch(`${sandbox.baseUrl}/readyz`);

      expect(sandbox.cds?.model.state().status).toBe('ready');
      expect(ready.status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });
});
