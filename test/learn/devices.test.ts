import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/sim/index.js';
import { DEVICE_PRESETS, HOMOGENEOUS, computeTimeS, stepFactor } from '../../src/learn/devices.js';

describe('device presets', () => {
  it('cover a datacenter GPU, a server CPU, a Raspberry-Pi-class board, a smartphone, a microcontroller and large-model training GPUs and a phone SoC, each number sourced', () => {
    expect(Object.keys(DEVICE_PRESETS)).toEqual(['datacenter-gpu', 'server-cpu', 'raspberry-pi-4', 'smartphone', 'cortex-m4', 'v100', 'a100', 'h100', 'phone-soc', 'none']);
    for (const d of Object.values(DEVICE_PRESETS)) {
      for (const source of [d.flopsSource, d.overheadSource, d.powerSource, d.selectSource]) expect(source.length).toBeGreaterThan(10);
      expect(d.flopsPerS).toBeGreaterThan(0);
    }
  });

  it('time a step as FLOPs / rate + overhead', () => {
    const cpu = DEVICE_PRESETS['server-cpu']!;
    expect(computeTimeS(cpu, 5e9)).toBeCloseTo(1 + cpu.stepOverheadS, 12);
  });
});

describe('compute heterogeneity', () => {
  it('is a mean-1 lognormal jitter', () => {
    const s = new RandomStreams(1, 0).stream('compute/worker/0');
    const n = 50_000;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += stepFactor({ jitterSigma: 0.5, stragglerProbability: 0, stragglerSlowdown: 1 }, s);
    expect(sum / n).toBeCloseTo(1, 1);
  });

  it('slows a step down by the factor with the straggler probability', () => {
    const s = new RandomStreams(2, 0).stream('compute/worker/0');
    const n = 20_000;
    let slow = 0;
    for (let i = 0; i < n; i++) if (stepFactor({ jitterSigma: 0, stragglerProbability: 0.1, stragglerSlowdown: 4 }, s) === 4) slow++;
    expect(slow / n).toBeGreaterThan(0.09);
    expect(slow / n).toBeLessThan(0.11);
  });

  it('draws nothing when homogeneous', () => {
    const s = new RandomStreams(3, 0).stream('x');
    expect(stepFactor(HOMOGENEOUS, s)).toBe(1);
    expect(s.uniform()).toBe(new RandomStreams(3, 0).stream('x').uniform());
  });
});
