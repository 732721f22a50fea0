import { CliUsageError, parseSynthArgs } from './cli-args';

describe('parseSynthArgs', () => {
  it('reads every option, with an integer seed as a number', () => {
    const args = parseSynthArgs(
      [
        '--patients',
        '25',
        '--seed',
        '42',
        '--out',
        'cohort',
        '--format',
        'records',
        '--prevalence',
        'mimic-demo',
      ].concat(['--workers', '3', '--cxr-format', 'png', '--all-modalities']),
      8,
    );

    expect(args).toEqual({
      patients: 25,
      out: 'cohort',
      seed: 42,
      format: 'records',
      prevalence: 'mimic-demo',
      workers: 3,
      cxrFormat: 'png',
      allModalities: true,
    });
  });

  it('defaults to seed 1, FHIR Bundles with DICOM and one worker per core', () => {
    const args = parseSynthArgs(['--patients', '3', '--out', 'x'], 2);

    expect(args).toEqual({
      patients: 3,
      out: 'x',
      seed: 1,
      format: 'fhir',
      workers: 2,
      cxrFormat: 'dicom',
      allModalities: false,
    });
  });

  it('keeps a word seed as text', () => {
    expect(parseSynthArgs(['--patients', '1', '--out', 'x', '--seed', 'demo-7'], 1)).toMatchObject({ seed: 'demo-7' });
  });

  it.each([
    [['--out', 'x'], /--patients is required/],
    [['--patients', '0', '--out', 'x'], /--patients must be an integer from 1 to 1000000, got "0"/],
    [['--patients', 'ten', '--out', 'x'], /--patients must be an integer/],
    [['--patients', '3'], /--out DIR is required/],
    [['--patients', '3', '--out', 'x', '--format', 'csv'], /--format must be one of fhir, records, got "csv"/],
    [['--patients', '3', '--out', 'x', '--prevalence', 'uk'], /--prevalence must be one of medtvt-qa, mimic-demo/],
    [['--patients', '3', '--out', 'x', '--workers', '-1'], /--workers/],
    [['--patients', '3', '--out', 'x', '--colour'], /colour/],
    [['--patients', '3', '--out', 'x', 'extra'], /extra/],
  ])('rejects %j with a message naming the problem', (argv, message) => {
    expect(() => parseSynthArgs(argv, 2)).toThrow(CliUsageError);
    expect(() => parseSynthArgs(argv, 2)).toThrow(message);
  });

  it('answers help for --help, whatever else is given', () => {
    expect(parseSynthArgs(['--help'], 2)).toBe('help');
  });
});
