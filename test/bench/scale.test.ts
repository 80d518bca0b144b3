import { describe, expect, it } from 'vitest';
import { scaleLines, type ChildResult, type ScaleCase } from '../../src/bench/scale.js';
import { pairedRepeats } from '../../src/bench/harness.js';

// The lines the scale suite prints, from scripted child results: no child process is run here.

const child = (wallS: number, peakRssMB: number): ChildResult => ({ wallS, peakRssMB, estimateMB: 400, simSPerIteration: { dense: 0.25 }, backend: 'wasm' });
const study: ScaleCase = { name: 'workers-1024', targetS: 15, targetMB: 1024, scenario: '' };

describe('the scale lines', () => {
  it('print the baseline run, then the study with its ratio as the median of the per-repeat ratios beside the differences', async () => {
    const base = [child(1, 100), child(1.2, 110), child(1.1, 105)];
    const runs = [child(10, 500), child(9.6, 520), child(12.1, 510)];
    const t = await pairedRepeats([() => base.shift()!, () => runs.shift()!], 3, (x) => x.wallS * 1000);
    const [baseline, line] = scaleLines(study, t);
    expect(baseline).toEqual({ bench: 'scale', case: 'baseline', baselineOf: 'workers-1024', repeats: 3, ms: 1100, wallS: 1.1, peakRssMB: 110 });
    // per repeat 10/1, 9.6/1.2, 12.1/1.1 = 10, 8, 11 → 10 (the ratio of the medians would be 10/1.1 = 9.09)
    expect(line).toMatchObject({ bench: 'scale', case: 'workers-1024', repeats: 3, ms: 10_000, baseline: 'baseline', ratio: 10, wallS: 10, baselineS: 1.1 });
    expect(line).toMatchObject({ peakRssMB: 520, baselineMB: 110, overBaselineS: 8.9, overBaselineMB: 410, rssOverEstimate: 1.3, meets: true });
  });

  it('does not meet the target when the median wall time is over it', async () => {
    const t = await pairedRepeats([() => child(1, 100), () => child(15.5, 500)], 1, (x) => x.wallS * 1000);
    expect(scaleLines(study, t)[1]).toMatchObject({ ratio: 15.5, meets: false });
  });
});
