import type { Environment, RandomStream, SimEvent } from '../../sim/index.js';
import type { NetNode, Network } from '../../net/index.js';
import type { Compressor } from '../compress/compressor.js';
import type { DevicePreset, Heterogeneity } from '../devices.js';
import type { TopKRound } from '../diagnostics/topk-constants.js';
import type { GTopKDelta } from './gtopk/delta.js';
import type { Workload } from '../workloads/workload.js';
import type { ComputeGate } from './timeline.js';
import type { Replicas } from './replicas.js';

/**
 * Payload bytes of one scheme's messages, cumulative since time 0: up, what
 * the workers send; down, what they receive (with a server, worker → server
 * and server → worker), as the wire bytes. Wire bytes and packets are not a
 * scheme's to count: the run reads them off the network (`run/traffic.ts`).
 */
export interface PayloadCounters {
  bytesUp: number;
  bytesDown: number;
}

/** What one iteration did, for the metrics (per-worker arrays in worker order). */
export interface IterationRecord {
  readonly iteration: number;
  /** The model every worker holds after the iteration (the evaluated w_t). */
  readonly weights: Float32Array;
  readonly payload: Readonly<PayloadCounters>;
  /** Coordinates each worker sent up this iteration (d when dense). */
  readonly budgets: readonly number[];
  /** Payload bits each worker sent this iteration. */
  readonly bitsUp: readonly number[];
  /** Payload bits each worker received this iteration. */
  readonly bitsDown: readonly number[];
  /** CAT's α(T) = ‖Q(v)‖² / ‖v‖² of each worker's compressor input v this iteration. */
  readonly alpha: readonly number[];
  /** ‖v − Q(v)‖² / ‖v‖² of each worker's compressor input v this iteration. */
  readonly compressionError: readonly number[];
  /** ‖v‖² of each worker's compressor input this iteration (weights α and the error across buckets). */
  readonly inputNormSq: readonly number[];
  /** Non-zeros of the aggregated update the workers applied, over d (thesis §6.5). */
  readonly downlinkNnzFraction: number;
}

/** Everything a scheme needs: the simulated network and the real learning parts. */
export interface SchemeSetup {
  readonly env: Environment;
  readonly network: Network;
  readonly workers: readonly NetNode[];
  /** The parameter server, for schemes that have one. */
  readonly server?: NetNode;
  /** What the workers compute on: a model trained for real, or a workload profile's gradient source. */
  readonly workload: Workload;
  /** One uplink compressor per worker (each owns its error-feedback memory). */
  readonly uplink: readonly Compressor[];
  /** The server's downlink compressor; absent: the server sends the dense fp32 model. */
  readonly downlink?: Compressor;
  /** How the server combines worker messages. */
  readonly aggregation: 'mean' | 'sum';
  readonly workerDevices: readonly DevicePreset[];
  readonly serverDevice: DevicePreset;
  readonly heterogeneity: Heterogeneity;
  /** One stream per worker for compute-time draws. */
  readonly computeStreams: readonly RandomStream[];
  /** Step size at iteration t (1-based). */
  readonly learningRate: (t: number) => number;
  readonly iterations: number;
  readonly initialWeights: Float32Array;
  /** Called once for iteration 0 and at the end of every iteration. */
  readonly onIteration: (record: IterationRecord) => void;
  /** Prefix of every message label and collective tag (one bucket's copy of a scheme: `b<index>/`). Default none. */
  readonly label?: string;
  /** A bucketed run's compute and communication turns (absent: the scheme times each step itself). */
  readonly gate?: ComputeGate;
  /** Workers that share gradient numerics (class i mod R; see `Replicas`); absent: every worker its own. */
  readonly replicas?: Replicas<any>;
  /** gTop-k: iterations 1 … N are dense (the paper's warmup, §5.1); absent or 0: none. Other schemes refuse it at validation. */
  readonly warmupIterations?: number;
}

/**
 * Diagnostic observers a run may pass to any scheme: each scheme feeds those
 * it can and ignores the rest. None changes the run's numbers; each costs
 * wall time only when given.
 */
export interface SchemeHooks {
  /**
   * Parameter server: called once per iteration t ≥ 1, after the server has
   * compressed (or stepped) and before `onIteration(t)`, with the vectors the
   * thesis's §6.6 diagnostics need (pass it to `topKDiagnostics`). A few O(d)
   * copies per worker per iteration.
   */
  readonly onRound?: (round: TopKRound) => void;
  /** gTop-k: called after every iteration t ≥ 1 with δ of §5.2 (`gTopKDelta`); O(P·d) per iteration. */
  readonly onDelta?: (iteration: number, delta: GTopKDelta) => void;
}

/** A scheme starts its processes and returns an event that fires after the last iteration. */
export type Scheme = (setup: SchemeSetup & SchemeHooks) => SimEvent<unknown>;

/** Why a scheme stopped early (non-finite gradient or loss, or loss above the bound). */
export class Divergence extends Error {
  constructor(
    readonly iteration: number,
    readonly detail: string,
  ) {
    super(`diverged at iteration ${iteration}: ${detail}`);
  }
}

/** Fresh zero counters. */
export function zeroPayload(): PayloadCounters {
  return { bytesUp: 0, bytesDown: 0 };
}
