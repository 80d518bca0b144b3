/**
 * Setups the scheme tests share: a workload whose gradients are a fixed function of (worker, iteration, coordinate),
 * so every run sees the same ones whatever it applied, and the SchemeSetup fields every test fills the same way.
 */
import { RandomStreams, type Environment } from '../../src/sim/index.js';
import type { Network } from '../../src/net/network.js';
import type { NetNode } from '../../src/net/node.js';
import { HOMOGENEOUS, type DevicePreset } from '../../src/learn/devices.js';
import type { Workload, WorkloadLayer } from '../../src/learn/workloads/workload.js';
import type { SchemeSetup } from '../../src/learn/schemes/types.js';

/** A workload over `layers` (dim and step FLOPs their sums) whose gradient coordinate j is `value(worker, iteration, j)`. */
export function fixedWorkload(layers: readonly WorkloadLayer[], value: (worker: number, iteration: number, j: number) => number, name = 'fixed'): Workload {
  return {
    name,
    dim: layers.reduce((n, l) => n + l.size, 0),
    layers,
    trained: false,
    stepFlops: layers.reduce((n, l) => n + l.forwardFlops + l.backwardFlops, 0),
    gradient: (i, t, _w, out) => out.forEach((_, j) => (out[j] = value(i, t, j))),
    gradientSlice: (i, t, _w, offset, out) => out.forEach((_, j) => (out[j] = value(i, t, offset + j))),
  };
}

/** The nodes of a built topology (star, switch or ring). */
export interface BuiltNet {
  readonly network: Network;
  readonly workers: readonly NetNode[];
  readonly server?: NetNode;
}

/** What a test chooses; the rest of the setup is filled as every scheme test fills it. */
export type SetupChoices = Pick<SchemeSetup, 'workload' | 'uplink' | 'learningRate' | 'iterations' | 'onIteration'> &
  Partial<SchemeSetup> & {
    /** Every worker's device, and the server's unless `serverDevice` is given. */
    readonly device: DevicePreset;
    /** Seed of the compute streams, `compute/worker/i`. */
    readonly seed: number;
  };

/** A SchemeSetup on `net`: mean aggregation, homogeneous devices, seeded compute streams, weights from zero. */
export function schemeSetup(env: Environment, net: BuiltNet, choices: SetupChoices): SchemeSetup {
  const { device, seed, ...rest } = choices;
  return {
    env,
    network: net.network,
    workers: net.workers,
    ...(net.server ? { server: net.server } : {}),
    aggregation: 'mean',
    workerDevices: net.workers.map(() => device),
    serverDevice: device,
    heterogeneity: HOMOGENEOUS,
    computeStreams: net.workers.map((_, i) => new RandomStreams(seed, 0).stream(`compute/worker/${i}`)),
    initialWeights: new Float32Array(choices.workload.dim),
    ...rest,
  };
}
