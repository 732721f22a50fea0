import { createProgressReporter, formatSeconds } from './progress-reporter';

function stream(isTTY: boolean): { write(text: string): void; isTTY: boolean; columns: number; text: string } {
  return {
    isTTY,
    columns: 100,
    text: '',
    write(text: string) {
      this.text += text;
    },
  };
}

describe('createProgressReporter', () => {
  it('on a terminal, redraws one bar in place with count, rate and ETA', () => {
    const out = stream(true);
    let t = 0;
    const progress = createProgressReporter(out, 10, 'patients', () => t);

    t = 1000;
    progress.update(2);
    t = 2000;
    progress.update(5);
    progress.finish();

    // 5 done in 2 s = 2.5/s; 5 left at 2.5/s = 2 s.
    const frames = out.text.split('\r').filter(Boolean);
    expect(frames).toHaveLength(2);
    expect(frames[1]).toContain('5/10 patients  2.5/s  ETA 2s');
    expect(frames[1]).toMatch(/^\[#+-+\] /);
    expect(out.text.endsWith('\n')).toBe(true);
  });

  it('when not a terminal, prints a plain line every tenth of the run and the last count', () => {
    const out = stream(false);
    let t = 0;
    const progress = createProgressReporter(out, 20, 'patients', () => t);

    for (let done = 1; done <= 20; done++) {
      t = done * 100;
      progress.update(done);
    }
    progress.finish();

    const lines = out.text.trim().split('\n');
    // A tenth of 20 is 2: lines at 2, 4, …, 20, none repeated at finish.
    expect(lines).toHaveLength(10);
    expect(lines[9]).toBe('20/20 patients  10.0/s  ETA 0s');
    expect(out.text).not.toContain('\r');
  });
});

describe('formatSeconds', () => {
  it('writes minutes and seconds, and ? when the rate is unknown', () => {
    expect(formatSeconds(65.4)).toBe('1m05s');
    expect(formatSeconds(42)).toBe('42s');
    expect(formatSeconds(Number.NaN)).toBe('?');
  });
});
