import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModelPackage } from './load-model-package';
import type { ModelManifest } from './manifest-schema';
import { isModelPackageError, type ModelPackageError } from './model-package-error';
import { writeTestPackage } from './testing/write-test-package';

let root: string;
let count = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'model-package-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function freshPackage(editManifest?: (manifest: ModelManifest) => void): Promise<string> {
  count += 1;
  return writeTestPackage(join(root, `pkg-${count}`), editManifest ? { editManifest } : {});
}

async function loadError(dir: string): Promise<ModelPackageError> {
  const error: unknown = await loadModelPackage(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isModelPackageError(error)) throw new Error(`expected a ModelPackageError, got ${String(error)}`);
  return error;
}

describe('loadModelPackage', () => {
  it('loads a valid package and resolves the files it names inside the package folder', async () => {
    const dir = await freshPackage();

    const pkg = await loadModelPackage(dir);

    expect(pkg.manifest.name).toBe('tiny-test-perception');
    expect(pkg.paths.perception).toBe(join(dir, 'perception.onnx'));
    expect(pkg.paths.ecdf).toBe(join(dir, 'lab-ecdf.json'));
    expect(pkg.paths.modelCard).toBe(join(dir, 'MODEL_CARD.md'));
    expect(pkg.manifest.diseases.map((d) => d.display)).toEqual([
      // The paper's answer strings, typed from ../shared/reference/medtvt-r1.md.
      'Coronary Artery Disease',
      'Acute Renal Failure',
      'Hypertension',
      'Atrial Fibrillation',
      'Pneumonia',
      'Diabetes Mellitus',
      'Sepsis',
    ]);
  });

  it('when a named file is missing, names that file', async () => {
    const dir = await freshPackage();
    await unlink(join(dir, 'MODEL_CARD.md'));

    const error = await loadError(dir);

    expect(error.file).toBe('MODEL_CARD.md');
    expect(error.field).toBe('manifest.json files["MODEL_CARD.md"]');
    expect(error.message).toContain('not found');
  });

  it('when a file does not match its SHA-256, names the file and both checksums', async () => {
    const dir = await freshPackage();
    await writeFile(join(dir, 'lab-ecdf.json'), '{"labs":{}}');

    const error = await loadError(dir);

    expect(error.file).toBe('lab-ecdf.json');
    expect(error.message).toContain('SHA-256 mismatch');
    // sha256 of the 11 bytes '{"labs":{}}', from `printf '{"labs":{}}' | sha256sum`.
    expect(error.message).toContain('file has 4d40ba5467e8c8eb2d40e096dce1ce172822940e2c8141b7087413ce4be340f6');
  });

  it('when the leads are not in the model order, names the first lead out of place', async () => {
    const dir = await freshPackage((m) => {
      // PTB-XL order puts aVL before aVF; the model wants MIMIC order (aVF first).
      m.inputs.ecg.leads = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];
    });

    const error = await loadError(dir);

    expect(error.file).toBe('manifest.json');
    expect(error.field).toBe('inputs.ecg.leads[4]');
    expect(error.message).toContain('expected "aVF"');
    expect(error.message).toContain('found "aVL"');
  });

  it('when a disease display is not the paper answer string, names the disease entry and the expected string', async () => {
    const dir = await freshPackage((m) => {
      const arf = m.diseases[1];
      if (arf) arf.display = 'Acute Kidney Injury';
    });

    const error = await loadError(dir);

    expect(error.field).toBe('diseases[1].display');
    expect(error.message).toContain('"Acute Renal Failure"');
  });

  it('when the diseases are out of catalogue order, names the first misplaced id', async () => {
    const dir = await freshPackage((m) => {
      m.diseases.reverse();
    });

    const error = await loadError(dir);

    expect(error.field).toBe('diseases[0].id');
    expect(error.message).toContain('"coronary-artery-disease"');
  });

  it('when a lab is out of LABS order, names the lab entry', async () => {
    const dir = await freshPackage((m) => {
      const [a, b] = m.inputs.labs.labs;
      if (a && b) m.inputs.labs.labs.splice(0, 2, b, a);
    });

    const error = await loadError(dir);

    expect(error.field).toBe('inputs.labs.labs[0].id');
  });

  it('when a lab unit differs from the catalogue, names the unit field', async () => {
    const dir = await freshPackage((m) => {
      const lab = m.inputs.labs.labs[3];
      if (lab) lab.unit = 'furlong';
    });

    const error = await loadError(dir);

    expect(error.field).toBe('inputs.labs.labs[3].unit');
  });

  it('when the manifest breaks the schema, names the field', async () => {
    const dir = await freshPackage((m) => {
      (m.inputs.ecg as { sampleRateHz: number }).sampleRateHz = 500;
    });

    const error = await loadError(dir);

    expect(error.file).toBe('manifest.json');
    expect(error.field).toBe('inputs.ecg.sampleRateHz');
  });

  it('refuses a graph path that leaves the package folder', async () => {
    const dir = await freshPackage((m) => {
      m.graphs.perception = '../other/perception.onnx';
    });

    const error = await loadError(dir);

    expect(error.field).toBe('graphs.perception');
  });

  it('when a named file has no checksum, names the files entry', async () => {
    const dir = await freshPackage((m) => {
      m.graphs.decoder = 'decoder.onnx';
    });

    const error = await loadError(dir);

    expect(error.field).toBe('files["decoder.onnx"]');
    expect(error.message).toContain('graphs.decoder');
  });

  it('when manifest.json is missing or not JSON, says so', async () => {
    const missing = await freshPackage();
    await unlink(join(missing, 'manifest.json'));
    const broken = await freshPackage();
    await writeFile(join(broken, 'manifest.json'), '{ "name": ');

    const [a, b] = [await loadError(missing), await loadError(broken)];

    expect([a.file, a.field]).toEqual(['manifest.json', '(file)']);
    expect([b.file, b.field]).toEqual(['manifest.json', '(json)']);
  });
});
