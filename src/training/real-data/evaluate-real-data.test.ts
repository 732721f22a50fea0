/** @jest-environment ./src/model/runtime/testing/onnxruntime-jest-environment.js */
/**
 * The real-data transfer evaluation on a random-weight package of the default preset: the figures mean nothing, so
 * these tests check what the command counts and that every AUROC is a probability. Expected counts were obtained
 * independently with Python from the raw files:
 *
 * - PTB-XL (csv + ast.literal_eval of scp_codes, diagnostic_class from scp_statements.csv; records with a
 *   records500 header): 79 records; AFIB 5, AFLT 4, one record (ecg_id 17) with both → 8 AFIB-or-AFLT; LVH 17;
 *   MI 39.
 * - MIMIC-IV demo (csv of the gz files; the 50 catalogue itemids; numeric valuenum; |charttime − admittime| ≤ 24 h
 *   on subject_id): 147 admissions, 145 with a catalogue lab, 34 labs per admission at the median, 7 to 50.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeWithSharedData, SHARED_DATA_DIR } from '../../../test/support/shared-data';
import { DISEASE_IDS } from '../../shared';
import { runRealDataCli } from './cli';
import { evaluateRealData } from './evaluate-real-data';
import { writeRandomWeightPackage } from './random-weight-package';
import { isSkipped, type RealDataReport, type TransferAuroc } from './transfer-result';

let dir: string;
let modelDir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'medtvt-real-data-'));
  modelDir = await writeRandomWeightPackage(path.join(dir, 'package'), { seed: 3 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function expectProbability(task: TransferAuroc): void {
  expect(task.auroc).not.toBeNull();
  expect(task.auroc).toBeGreaterThanOrEqual(0);
  expect(task.auroc).toBeLessThanOrEqual(1);
}

describe('evaluateRealData without the data', () => {
  it('skips both parts with a message naming what is absent', async () => {
    const missing = path.join(dir, 'no-data-here');

    const report = await evaluateRealData({ modelDir, dataDir: missing });

    expect(report.ecg).toEqual({ skipped: `${missing} is absent` });
    expect(report.labs).toEqual({ skipped: `${missing} is absent` });
    expect(report.model.name).toBe('random-weight-default');
  });
});

describe('the evaluate:real command line', () => {
  it('refuses to run without --model and exits with status 2', async () => {
    const out: string[] = [];
    const io = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => out.push(t) } };

    const status = await runRealDataCli(['--data', dir], io);

    expect(status).toBe(2);
    expect(out.join('')).toContain('--model DIR is required');
  });

  it('rejects an unknown execution provider by name', async () => {
    const out: string[] = [];
    const io = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => out.push(t) } };

    const status = await runRealDataCli(['--model', modelDir, '--ep', 'tpu'], io);

    expect(status).toBe(2);
    expect(out.join('')).toContain('--ep must be one of cpu, cuda, webgpu, got "tpu"');
  });
});

describeWithSharedData('evaluateRealData on ../shared/data', () => {
  let report: RealDataReport;
  let printed: string;
  beforeAll(async () => {
    const out: string[] = [];
    const io = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: () => undefined } };
    const json = path.join(dir, 'report.json');
    const status = await runRealDataCli(['--model', modelDir, '--data', SHARED_DATA_DIR, '--json', json], io);
    expect(status).toBe(0);
    printed = out.join('');
    report = JSON.parse(await readFile(json, 'utf8')) as RealDataReport;
  });

  it('scores the ECG path on all 79 PTB-XL records with the positives of each task', () => {
    const { ecg } = report;
    if (isSkipped(ecg)) throw new Error(`ECG part skipped: ${ecg.skipped}`);

    const counts = ecg.tasks.map((t) => [t.task, t.disease, t.positives, t.negatives]);

    expect(ecg.records).toBe(79);
    expect(counts).toEqual([
      ['afib-aflt', 'atrial-fibrillation', 8, 71],
      ['lvh', 'hypertension', 17, 62],
      ['mi', 'coronary-artery-disease', 39, 40],
    ]);
    ecg.tasks.forEach(expectProbability);
  });

  it('scores the lab path on the 145 admissions with a catalogue lab within ±24 h, one task per disease', () => {
    const { labs } = report;
    if (isSkipped(labs)) throw new Error(`lab part skipped: ${labs.skipped}`);

    expect(labs.admissions).toBe(147);
    expect(labs.assessed).toBe(145);
    expect(labs.labsPerAdmission).toEqual({ median: 34, min: 7, max: 50 });
    expect(labs.diseases.map((d) => d.disease)).toEqual([...DISEASE_IDS]);
    for (const disease of labs.diseases) {
      expect(disease.positives + disease.negatives).toBe(145);
      if (disease.positives > 0) expectProbability(disease);
    }
    const counted = labs.diseases.filter((d) => d.positives >= 5);
    expect(labs.macro.diseases).toEqual(counted.map((d) => d.disease));
    const mean = counted.reduce((sum, d) => sum + (d.auroc as number), 0) / counted.length;
    expect(labs.macro.auroc).toBeCloseTo(mean, 12);
  });

  it('prints every figure with its counts and says what the figures measure', () => {
    expect(printed).toContain('PTB-XL AFIB or AFLT vs the rest');
    expect(printed).toMatch(/AUROC \d\.\d{3} {2}\( {2}8 pos \/ {2}71 neg\)/);
    expect(printed).toContain('145 of 147 admissions');
    expect(printed).toContain('Synthetic→real transfer');
  });
});
