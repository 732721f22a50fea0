import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runSynthCli } from './cli';

function capture(): { write(text: string): void; text: string } {
  return {
    text: '',
    write(text: string) {
      this.text += text;
    },
  };
}

/** Every file under `dir` (relative path → bytes). */
function tree(dir: string, prefix = ''): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = path.join(prefix, entry.name);
    if (entry.isDirectory()) tree(dir, rel).forEach((v, k) => files.set(k, v));
    else files.set(rel, readFileSync(path.join(dir, rel)));
  }
  return files;
}

describe('npm run synth', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'medtvt-synth-cli-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes one transaction Bundle per patient, byte-identical with 2 worker threads and without threads', async () => {
    const [out, err] = [capture(), capture()];
    const threaded = path.join(root, 'threads');
    const inline = path.join(root, 'inline');

    const code = await runSynthCli(['--patients', '3', '--seed', '5', '--out', threaded, '--workers', '2'], {
      stdout: out,
      stderr: err,
    });
    await runSynthCli(['--patients', '3', '--seed', '5', '--out', inline, '--workers', '0'], {
      stdout: capture(),
      stderr: capture(),
    });

    expect(code).toBe(0);
    const files = tree(threaded);
    expect([...files.keys()].map((name) => name.slice(0, 7))).toEqual(['000000-', '000001-', '000002-']);
    for (const bytes of files.values()) {
      expect(JSON.parse(bytes.toString('utf8'))).toMatchObject({ resourceType: 'Bundle', type: 'transaction' });
    }
    expect(tree(inline)).toEqual(files);
    expect(out.text).toMatch(/^Wrote 3 patients \(fhir, seed 5\) to .* patients\/s on 2 worker threads\n$/);
    // stderr is not a terminal here: plain progress lines ending with the total.
    expect(err.text.trim().split('\n').pop()).toMatch(/^3\/3 patients /);
  });

  it('writes a records folder (manifest.jsonl in index order, .npy per ECG, .png per CXR), the same bytes on a rerun and others for another seed', async () => {
    const dir = path.join(root, 'records');
    const again = path.join(root, 'records-again');
    const otherSeed = path.join(root, 'records-seed-7');
    const run = (seed: string, out: string, workers: string): Promise<number> =>
      runSynthCli(
        ['--patients', '3', '--seed', seed, '--out', out, '--format', 'records', '--all-modalities'].concat([
          '--workers',
          workers,
        ]),
        { stdout: capture(), stderr: capture() },
      );

    const code = await run('6', dir, '2');
    await run('6', again, '1');
    await run('7', otherSeed, '2');

    expect(code).toBe(0);
    const lines = readFileSync(path.join(dir, 'manifest.jsonl'), 'utf8').trimEnd().split('\n');
    const entries = lines.map(
      (line) => JSON.parse(line) as { index: number; ecg: { file: string }; cxr: { file: string } },
    );
    expect(entries.map((e) => e.index)).toEqual([0, 1, 2]);
    const files = tree(dir);
    for (const entry of entries) {
      expect(files.has(entry.ecg.file)).toBe(true);
      expect(files.has(entry.cxr.file)).toBe(true);
    }
    expect(tree(again)).toEqual(files);
    expect(tree(otherSeed).get('manifest.jsonl')).not.toEqual(files.get('manifest.jsonl'));
  });

  it('exits with status 2 and says what is wrong when an argument is bad', async () => {
    const err = capture();

    const code = await runSynthCli(['--patients', 'many', '--out', root], { stdout: capture(), stderr: err });

    expect(code).toBe(2);
    expect(err.text).toMatch(/^synth: --patients must be an integer from 1 to 1000000, got "many"/);
    expect(err.text).toContain('Usage: npm run synth');
  });
});
