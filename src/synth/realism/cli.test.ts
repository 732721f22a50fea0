import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runRealismCli } from './cli';

function capture() {
  const out = { stdout: '', stderr: '' };
  const io = {
    stdout: { write: (text: string) => (out.stdout += text) },
    stderr: { write: (text: string) => (out.stderr += text) },
  };
  return { out, io };
}

describe('npm run synth:realism', () => {
  it('exits 2 with the usage on a bad option', async () => {
    const { out, io } = capture();

    const code = await runRealismCli(['--patients', 'many'], io);

    expect(code).toBe(2);
    expect(out.stderr).toContain('synth:realism: --patients must be an integer');
    expect(out.stderr).toContain('Usage: npm run synth:realism');
  });

  it('prints the report, skips absent real data and writes the JSON file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'realism-cli-'));
    const json = path.join(dir, 'report.json');
    const { out, io } = capture();

    try {
      const args = ['--patients', '30', '--ecgs', '3', '--ecgs-per-group', '2', '--seed', '3', '--json', json];
      const code = await runRealismCli([...args, '--data', path.join(dir, 'absent')], io);

      expect(code).toBe(0);
      expect(out.stdout).toContain('MIMIC-IV demo skipped');
      expect(out.stdout).toContain('PTB-XL skipped');
      const report = JSON.parse(readFileSync(json, 'utf8')) as { labs: { syntheticPatients: number; seed: number } };
      expect(report.labs).toMatchObject({ syntheticPatients: 30, seed: 3 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 1 naming the file when the JSON cannot be written', async () => {
    const { out, io } = capture();
    const json = path.join(tmpdir(), 'no-such-folder-for-realism', 'r.json');

    const code = await runRealismCli(['--patients', '5', '--ecgs', '1', '--ecgs-per-group', '1', '--json', json], io);

    expect(code).toBe(1);
    expect(out.stderr).toContain(`cannot write the JSON report to ${json}`);
  });
});
