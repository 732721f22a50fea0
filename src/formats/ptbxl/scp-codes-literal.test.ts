import { isFormatError } from '../../shared';
import { parseScpCodes } from './scp-codes-literal';

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    expect(isFormatError(error)).toBe(true);
    return error as Error;
  }
  throw new Error('expected a FormatError, nothing was thrown');
}

describe('parseScpCodes', () => {
  it('maps each code to its likelihood in the literal order, codes with a slash included', () => {
    const codes = parseScpCodes("{'LVH': 50.0, 'LAO/LAE': 50.0, '1AVB': 100.0, 'SR': 0.0}");

    expect([...codes]).toEqual([
      ['LVH', 50],
      ['LAO/LAE', 50],
      ['1AVB', 100],
      ['SR', 0],
    ]);
  });

  it('accepts an empty dict, double quotes, integers and a trailing comma, as Python does', () => {
    expect(parseScpCodes('{}').size).toBe(0);
    expect([...parseScpCodes('{ "NORM" : 100 , }')]).toEqual([['NORM', 100]]);
  });

  it.each([
    ["'NORM': 100.0", 'is not a {…} dict literal'],
    ["{'NORM' 100.0}", "expected 'CODE': number at character 1"],
    ["{'NORM': 100.0 'SR': 0.0}", "expected 'CODE': number at character 1"],
    ["{'NORM': high}", "expected 'CODE': number"],
    ["{'SR': 0.0, 'SR': 0.0}", 'repeats the code SR'],
  ])('rejects %s', (text, reason) => {
    expect(thrown(() => parseScpCodes(text, 'db.csv ecg_id 7')).message).toContain(
      `PTB-XL db.csv ecg_id 7: scp_codes: ${reason}`,
    );
  });
});
