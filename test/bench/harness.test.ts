import { afterEach, describe, expect, it, vi } from 'vitest';
import { compared, emit, median, pairedMedians, pairedRepeats, round } from '../../src/bench/harness.js';

// The arithmetic and the shapes only: nothing here is timed against a real clock.

afterEach(() => vi.restoreAllMocks());

describe('median and round', () => {
  it('the median is the middle value of an odd count, the mean of the two middle values of an even one, whatever the order', () => {
    expect(median([7])).toBe(7);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([10, 2, 38, 23, 38, 23, 21])).toBe(23);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([-5, 5])).toBe(0);
  });

  it('sorts numerically, not as text', () => {
    expect(median([100, 9, 20])).toBe(20);
  });

  it('refuses an empty list rather than returning NaN', () => {
    expect(() => median([])).toThrow('median of an empty list');
  });

  it('does not reorder the list it is given', () => {
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
  });

  it('rounds to three decimals by default, or as many as asked', () => {
    expect(round(1.23456)).toBe(1.235);
    expect(round(1.23444)).toBe(1.234);
    expect(round(2.5, 0)).toBe(3);
    expect(round(0.123456789, 4)).toBe(0.1235);
  });
});

describe('pairedMedians', () => {
  it('calls each function warmup + rounds times, forward in even rounds and backward in odd ones', () => {
    const calls: string[] = [];
    const t = pairedMedians(
      ['a', 'b', 'c'].map((name) => () => calls.push(name)),
      3,
      { warmup: 1 },
    );
    expect(calls.join('')).toBe('abc' + 'abc' + 'cba' + 'abc');
    expect(t.samples.map((s) => s.length)).toEqual([3, 3, 3]);
    expect(t.ms).toHaveLength(3);
  });

  it('warms up once unless told otherwise, and keeps what each function returned last', () => {
    let n = 0;
    const t = pairedMedians([() => ++n, () => 'same'], 2);
    expect(n).toBe(3);
    expect(t.results).toEqual([3, 'same']);
  });

  it('reports each median and the ratio of two functions as the median of their per-round ratios (on a scripted clock)', () => {
    // performance.now() advances only when a function "runs", by the cost scripted for that call.
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
    const costs = (ms: number[]) => () => void (clock += ms.shift()!);
    const t = pairedMedians([costs([1, 5, 3, 100]), costs([2, 2, 1, 50])], 4, { warmup: 0 });
    expect(t.samples).toEqual([
      [1, 5, 3, 100],
      [2, 2, 1, 50],
    ]);
    expect(t.ms).toEqual([4, 2]); // (3 + 5) / 2 and (2 + 2) / 2
    // per round 0.5, 2.5, 3, 2 → median (2 + 2.5) / 2; the ratio of the medians would be 2
    expect(t.ratio(0, 1)).toBe(2.25);
    expect(t.ratio(1, 0)).toBe(0.45); // 2, 0.4, 0.333…, 0.5 → (0.4 + 0.5) / 2
  });
});

describe('ratios and repetitions', () => {
  // performance.now() advances only when a function "runs", by the cost scripted for that call.
  let clock = 0;
  const costs = (ms: number[]) => () => void (clock += ms.shift()!);
  const scriptClock = () => ((clock = 0), vi.spyOn(performance, 'now').mockImplementation(() => clock));

  it('gives ratios to 4 significant digits, however small or large', () => {
    scriptClock();
    const t = pairedMedians([costs([1, 1, 1]), costs([30_000, 30_000, 30_000]), costs([3, 3, 3])], 3, { warmup: 0 });
    expect(t.ratio(0, 1)).toBe(0.00003333);
    expect(t.ratio(1, 0)).toBe(30_000);
    expect(t.ratio(2, 1)).toBe(0.0001);
    expect(t.ratio(1, 2)).toBe(10_000);
    expect(t.ratio(0, 2)).toBe(0.3333);
  });

  it('divides a looped function’s samples, median and ratios by its repetitions', () => {
    scriptClock();
    // 8 merges in 20 ms, 4 in 12, 8 in 24 against 5, 6, 3 ms: per merge 2.5, 1.5, 3; per round 0.5, 0.25, 1
    const t = pairedMedians([costs([20, 12, 24]), costs([5, 6, 3])], 3, { warmup: 0, repetitions: [8, 1] });
    expect(t.samples).toEqual([
      [2.5, 1.5, 3],
      [5, 6, 3],
    ]);
    expect(t.ms).toEqual([2.5, 5]);
    expect(t.ratio(0, 1)).toBe(0.5);
  });

  it('compared() names the baseline and gives this case’s ms over the baseline’s, the median of the per-round ratios', () => {
    scriptClock();
    // per round 3/1, 4/2, 10/2 → 3, 2, 5: median 3 (the ratio of the medians would be 4/2 = 2)
    const t = pairedMedians([costs([1, 2, 2]), costs([3, 4, 10])], 3, { warmup: 0 });
    expect(compared(t, 1, 0, 'one-pass')).toEqual({ baseline: 'one-pass', ratio: 3 });
    expect(compared(t, 0, 1, 'slow')).toEqual({ baseline: 'slow', ratio: 0.3333 }); // 1/3, 1/2, 1/5
  });
});

describe('pairedRepeats, for cases that time themselves', () => {
  it('alternates as pairedMedians does, with no warm-up, and reads each sample from what the call returned', async () => {
    const calls: string[] = [];
    const reported = { a: [10, 12, 11, 9], b: [100, 96, 121, 30] };
    const call = (name: 'a' | 'b') => () => (calls.push(name), { name, wallMs: reported[name].shift()! });
    const t = await pairedRepeats([call('a'), call('b')], 4, (r) => r.wallMs);
    expect(calls.join('')).toBe('ab' + 'ba' + 'ab' + 'ba');
    expect(t.samples).toEqual([
      [10, 12, 11, 9],
      [100, 96, 121, 30],
    ]);
    expect(t.runs[1]!.map((r) => r.wallMs)).toEqual([100, 96, 121, 30]);
    expect(t.results).toEqual([
      { name: 'a', wallMs: 9 },
      { name: 'b', wallMs: 30 },
    ]);
    expect(t.ms).toEqual([10.5, 98]);
    // per repeat 10, 8, 11, 3.333… → median (8 + 10) / 2 = 9; the ratio of the medians would be 98 / 10.5 = 9.333
    expect(t.ratio(1, 0)).toBe(9);
  });

  it('awaits asynchronous cases one at a time', async () => {
    let running = 0;
    let most = 0;
    const job = (ms: number) => async () => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running--;
      return ms;
    };
    const t = await pairedRepeats([job(4), job(2)], 3, (ms) => ms);
    expect(most).toBe(1);
    expect(t.ratio(0, 1)).toBe(2);
  });
});

describe('emit', () => {
  it('prints one JSON object per line with bench, case, the parameters and ms', () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
    emit({ bench: 'sweep', case: 'pool', points: 16, threads: 4, ms: 1234.5 });
    emit({ bench: 'engine', case: 'heap', ms: 0.25 });
    expect(out).toEqual(['{"bench":"sweep","case":"pool","points":16,"threads":4,"ms":1234.5}\n', '{"bench":"engine","case":"heap","ms":0.25}\n']);
  });
});
