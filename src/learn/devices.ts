import type { Seconds, Watts } from '../net/units.js';

/** A compute device: how fast a worker or server computes and what it draws while doing so. */
export interface DevicePreset {
  readonly name: string;
  readonly description: string;
  /** Effective FLOP/s sustained on small dense kernels (not peak). */
  readonly flopsPerS: number;
  readonly flopsSource: string;
  /** Fixed time per step (kernel launches, framework overhead), s. */
  readonly stepOverheadS: Seconds;
  readonly overheadSource: string;
  /** Power drawn while computing (W), charged on top of interface power. */
  readonly computeW: Watts;
  readonly powerSource: string;
}

/** Device presets by name. */
export const DEVICE_PRESETS: Readonly<Record<string, DevicePreset>> = {
  'server-cpu': {
    name: 'server-cpu',
    description: 'one core of a 20-core Xeon Gold 6230 (2.1 GHz, AVX-512)',
    flopsPerS: 5e9,
    flopsSource:
      'assumed ~5 GFLOP/s sustained: ~7% of the 67 GFLOP/s fp32 FMA peak of one core (2.1 GHz × 32 FLOP/cycle), ' +
      'as gradient kernels of small models are memory-bound',
    stepOverheadS: 50e-6,
    overheadSource: 'assumed 50 µs framework overhead per step',
    computeW: 6.25,
    powerSource: 'Intel ARK: Xeon Gold 6230 TDP 125 W / 20 cores',
  },
};

/** Time (s) of one step that costs `flops` on `device`. */
export function computeTimeS(device: DevicePreset, flops: number): Seconds {
  return flops / device.flopsPerS + device.stepOverheadS;
}
