import { parseRealismArgs, RealismUsageError } from './realism-args';

describe('realism report arguments', () => {
  it('fills in the defaults', () => {
    expect(parseRealismArgs([], '/data')).toEqual({
      patients: 2000,
      seed: 1,
      truthEcgs: 300,
      ecgsPerGroup: 100,
      dataDir: '/data',
    });
  });

  it('reads every option, a decimal seed as an integer and a word as text', () => {
    const args = ['--patients', '200', '--seed', '42', '--ecgs', '20', '--ecgs-per-group', '5', '--json', 'r.json'];

    expect(parseRealismArgs([...args, '--data', '/elsewhere'], '/data')).toEqual({
      patients: 200,
      seed: 42,
      truthEcgs: 20,
      ecgsPerGroup: 5,
      dataDir: '/elsewhere',
      json: 'r.json',
    });
    expect(parseRealismArgs(['--seed', 'demo'], '/data')).toMatchObject({ seed: 'demo' });
  });

  it('names the option and the value it refuses', () => {
    expect(() => parseRealismArgs(['--patients', '0'], '/d')).toThrow(
      new RealismUsageError('--patients must be an integer from 1 to 1000000, got "0"'),
    );
    expect(() => parseRealismArgs(['--ecgs', '2.5'], '/d')).toThrow('--ecgs must be an integer');
    expect(() => parseRealismArgs(['--json', ' '], '/d')).toThrow('--json needs a file name');
    expect(() => parseRealismArgs(['--frobnicate'], '/d')).toThrow(RealismUsageError);
  });

  it('answers help', () => {
    expect(parseRealismArgs(['--help'], '/d')).toBe('help');
  });
});
