import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/sim/index.js';
import { DEVICE_PRESETS, HOMOGENEOUS, computeTimeS, stepFactor } from '../../src/learn/devices.js';
import { BUNDLED_PROFILES, profileFlopsPerSample } from '../../src/learn/workloads/profiles/index.js';

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

describe('large-model device presets', () => {
  it('sustain a stated fraction of their peak, each number with a source', () => {
    const peak: Record<string, number> = { v100: 125e12, a100: 312e12, h100: 989e12 };
    for (const [name, p] of Object.entries(peak)) {
      const d = DEVICE_PRESETS[name]!;
      expect(d.flopsPerS / p, name).toBeGreaterThan(0.25);
      expect(d.flopsPerS / p, name).toBeLessThan(0.5);
      for (const s of [d.flopsSource, d.overheadSource, d.powerSource, d.selectSource]) expect(s.length, name).toBeGreaterThan(20);
    }
    expect(DEVICE_PRESETS['phone-soc']!.computeW).toBeGreaterThan(0);
  });

  it('time a step as FLOPs over the sustained rate plus the step overhead', () => {
    const f = profileFlopsPerSample(BUNDLED_PROFILES['resnet50']!);
    const step = 256 * (f.forward + f.backward);
    expect(computeTimeS(DEVICE_PRESETS['a100']!, step)).toBeCloseTo(step / 140e12 + 2e-3, 12);
  });
});
