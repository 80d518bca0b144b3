import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/sim/index.js';

describe('named random streams', () => {
  it('pins the first outputs of a stream (guards against a silent generator change)', () => {
    const s = new RandomStreams(1, 0).stream('x');
    const first = [s.uniform(), s.uniform(), s.uniform()].map((v) => v.toFixed(12));
    expect(first).toEqual(PINNED);
  });

  it('gives a component the same draws whatever other streams exist', () => {
    const a = new RandomStreams(7, 0);
    const alone = a.stream('worker/3');
    const alongside = new RandomStreams(7, 0);
    alongside.stream('worker/0').uniform();
    alongside.stream('new-component').uniform();
    const b = alongside.stream('worker/3');
    for (let i = 0; i < 10; i++) expect(b.uniform()).toBe(alone.uniform());
  });

  it('differs across seeds, runs and names', () => {
    const base = new RandomStreams(1, 0).stream('n').uniform();
    expect(new RandomStreams(2, 0).stream('n').uniform()).not.toBe(base);
    expect(new RandomStreams(1, 1).stream('n').uniform()).not.toBe(base);
    expect(new RandomStreams(1, 0).stream('m').uniform()).not.toBe(base);
  });

  it('draws exponentials with the requested mean', () => {
    const s = new RandomStreams(3, 0).stream('exp');
    let sum = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) sum += s.exponential(4);
    expect(sum / n).toBeCloseTo(0.25, 2);
  });
});

const PINNED = ['0.929456536425', '0.014981523622', '0.853707883973'];
