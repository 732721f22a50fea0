/** The train command line: the documented defaults, overrides, and errors that name the option. */
import { parseTrainArgs, TrainArgsError } from './train-args';

describe('parseTrainArgs', () => {
  it('reads the documented command into the default recipe and a reproducing command line', () => {
    const args = parseTrainArgs(['--out', 'models/default', '--seed', '1', '--patients', '4000', '--resume']);

    expect(args.out).toBe('models/default');
    expect(args.resume).toBe(true);
    expect(args.recipe.seed).toBe(1);
    expect(args.recipe.patients).toBe(4000);
    expect(args.recipe.preset).toBe('default');
    expect(args.work).toBe('out/train/seed-1-n4000');
    expect(args.command).toBe('npm run train -- --out models/default --seed 1 --patients 4000');
  });

  it('applies --epochs to the fusion stage and every ablation, and --no-ablations', () => {
    const args = parseTrainArgs(['--out', 'x', '--patients', '500', '--epochs', '7', '--no-ablations']);

    expect(args.recipe.fusion.epochs).toBe(7);
    expect(args.recipe.ablationEpochs).toBe(7);
    expect(args.recipe.ablations).toBe(false);
  });

  it('names the option at fault', () => {
    expect(() => parseTrainArgs(['--patients', '500'])).toThrow(/--out is required/);
    expect(() => parseTrainArgs(['--out', 'x', '--patients', 'many'])).toThrow(/--patients must be a positive integer/);
    expect(() => parseTrainArgs(['--out', 'x', '--patients', '500', '--preset', 'huge'])).toThrow(TrainArgsError);
    expect(() => parseTrainArgs(['--out', 'x', '--patients', '500', '--bogus'])).toThrow(/bogus/);
  });
});
