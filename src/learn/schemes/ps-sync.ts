import type { Environment, SimEvent } from '../../sim/index.js';
import type { Delivery, Star } from '../../net/index.js';
import type { BatchSampler } from '../batch-sampler.js';
import type { CompressedMessage, Compressor } from '../compress/compressor.js';
import { addMessage, denseFp32 } from '../compress/index.js';
import { computeTimeS, type DevicePreset } from '../devices.js';
import type { Model } from '../models/model.js';

/** Traffic and progress counters of one scheme, cumulative since time 0. */
export interface TrafficCounters {
  payloadBytesUp: number;
  payloadBytesDown: number;
  wireBytesUp: number;
  wireBytesDown: number;
  packetsUp: number;
  packetsDown: number;
}

/** What a scheme needs to run: the simulated network and the real learning parts. */
export interface PsSyncSetup {
  readonly env: Environment;
  readonly star: Star;
  readonly model: Model;
  /** One sampler per worker, in worker order. */
  readonly samplers: readonly BatchSampler[];
  /** One uplink compressor per worker (each owns its error-feedback memory). */
  readonly compressors: readonly Compressor[];
  readonly workerDevice: DevicePreset;
  readonly serverDevice: DevicePreset;
  readonly learningRate: number;
  readonly iterations: number;
  readonly initialWeights: Float32Array;
  /** Called at the end of every iteration (all workers hold the new model), and once for iteration 0. */
  readonly onIteration: (iteration: number, weights: Float32Array, traffic: Readonly<TrafficCounters>) => void;
}

/** Why a scheme stopped early. */
export class Divergence extends Error {
  constructor(readonly iteration: number, readonly detail: string) {
    super(`diverged at iteration ${iteration}: ${detail}`);
  }
}

/**
 * Synchronous parameter-server SGD. Each iteration: every worker computes a
 * real mini-batch gradient (spending its device's compute time), compresses it
 * and sends it up; the server waits for all P, averages, steps, and sends the
 * dense fp32 model back to each worker through its (shared) link. Iteration 0
 * assumes every worker already holds the same seeded initial model.
 *
 * Returns the process that finishes after the last iteration (it fails with a
 * Divergence if the gradient becomes non-finite).
 */
export function startPsSync(s: PsSyncSetup): SimEvent<void> {
  const { env, star, model } = s;
  const P = star.workers.length;
  const d = model.dim;
  const traffic: TrafficCounters = {
    payloadBytesUp: 0, payloadBytesDown: 0, wireBytesUp: 0, wireBytesDown: 0, packetsUp: 0, packetsDown: 0,
  };
  const ledger = star.network.ledger;

  const worker = function* (i: number): Generator<SimEvent<any>, void, any> {
    const node = star.workers[i]!;
    const sampler = s.samplers[i]!;
    const compressor = s.compressors[i]!;
    let w = s.initialWeights;
    for (let t = 1; t <= s.iterations; t++) {
      const g = model.gradient(w, sampler.next());
      const seconds = computeTimeS(s.workerDevice, model.flopsPerSample * sampler.batchSize);
      yield env.timeout(seconds);
      ledger.addCompute(node.name, seconds, s.workerDevice.computeW);
      let message: CompressedMessage;
      try {
        message = compressor.compress(g);
      } catch (e) {
        throw new Divergence(t, (e as Error).message);
      }
      const sent = star.network.send(node.name, star.server.name, Math.ceil(message.bits / 8), `grad/${t}`, message);
      traffic.payloadBytesUp += sent.payloadBytes;
      traffic.wireBytesUp += sent.train.totalWireBytes;
      traffic.packetsUp += sent.train.wireBytes.length;
      const delivery: Delivery = yield node.inbox.get();
      w = delivery.message.body as Float32Array;
    }
  };

  const server = function* (): Generator<SimEvent<any>, void, any> {
    const w = Float32Array.from(s.initialWeights);
    s.onIteration(0, w, traffic);
    const acc = new Float32Array(d);
    for (let t = 1; t <= s.iterations; t++) {
      acc.fill(0);
      let flops = 2 * d; // the step w ← w − η·acc
      for (let k = 0; k < P; k++) {
        const delivery: Delivery = yield star.server.inbox.get();
        const message = delivery.message.body as CompressedMessage;
        addMessage(acc, message, 1 / P);
        flops += 2 * (message.kind === 'dense' ? d : message.indices.length);
      }
      const seconds = computeTimeS(s.serverDevice, flops);
      yield env.timeout(seconds);
      ledger.addCompute(star.server.name, seconds, s.serverDevice.computeW);
      for (let j = 0; j < d; j++) w[j] = (w[j] as number) - s.learningRate * (acc[j] as number);
      const snapshot = Float32Array.from(w); // workers must not see later updates
      const down = denseFp32(snapshot);
      const arrivals: SimEvent<any>[] = [];
      for (const node of star.workers) {
        const sent = star.network.send(star.server.name, node.name, Math.ceil(down.bits / 8), `model/${t}`, snapshot);
        traffic.payloadBytesDown += sent.payloadBytes;
        traffic.wireBytesDown += sent.train.totalWireBytes;
        traffic.packetsDown += sent.train.wireBytes.length;
        arrivals.push(delivered(env, star, sent.id));
      }
      yield env.allOf(arrivals);
      s.onIteration(t, snapshot, traffic);
    }
  };

  const workers = star.workers.map((_, i) => env.process(worker(i), `worker/${i}`));
  const serverProcess = env.process(server(), 'server');
  return env.allOf([serverProcess, ...workers]) as unknown as SimEvent<void>;
}

/** An event that fires when message `id` has been delivered (observed through the network's delivery trace). */
function delivered(env: Environment, star: Star, id: number): SimEvent<void> {
  const event = env.event<void>(`delivered/${id}`);
  star.network.onDelivery(id, () => event.succeed());
  return event;
}
