import type { SimEvent } from '../../sim/index.js';
import type { Delivery, Message, Network } from '../../net/index.js';
import type { CompressedMessage } from '../compress/compressor.js';
import { addMessage, toDense } from '../compress/accumulate.js';
import { computeTimeS } from '../devices.js';
import { type IterationRecord, type Scheme, type SchemeSetup, type TrafficCounters, Divergence, zeroTraffic } from './types.js';
import { nnzFraction, step, workerStep } from './worker-step.js';

/**
 * Synchronous parameter-server SGD. Each iteration every worker computes a
 * real mini-batch gradient, compresses it (uplink compressor, optional error
 * feedback) and sends it to the server; the server waits for all P, combines
 * them (mean or sum), and either
 * - steps its model and sends the dense fp32 model to every worker, or
 * - compresses the combined update (downlink compressor, optional server
 *   error feedback) and sends that to every worker, which applies it to its
 *   own copy of the model (bidirectional compression).
 * One unicast per worker on the downlink. Iteration t ends when the last
 * worker holds model t; iteration 0 assumes every worker holds the same w₀.
 */
export const parameterServer: Scheme = (s) => {
  const server = s.server;
  if (server === undefined) throw new Error('the parameter-server scheme needs a topology with a server');
  const { env, network, workers } = s;
  const P = workers.length;
  const d = s.model.dim;
  const traffic = zeroTraffic();
  const stats = perIteration(P);

  const worker = function* (i: number): Generator<SimEvent<any>, void, any> {
    const node = workers[i]!;
    let w: Float32Array = Float32Array.from(s.initialWeights);
    for (let t = 1; t <= s.iterations; t++) {
      const u = yield* workerStep(s, i, w, t);
      stats.budgets[i] = u.budget;
      stats.alpha[i] = u.alpha;
      stats.bitsUp[i] = u.message.bits;
      count(traffic, 'up', network.send(node.name, server.name, Math.ceil(u.message.bits / 8), `up/${t}`, u.message));
      const down: Delivery = yield node.inbox.get((x) => x.message.label === `down/${t}`);
      stats.bitsDown[i] = 8 * down.message.payloadBytes;
      if (s.downlink === undefined) w = down.message.body as Float32Array;
      else step(w, s.learningRate(t), toDense(down.message.body as CompressedMessage));
    }
  };

  const serverLoop = function* (): Generator<SimEvent<any>, void, any> {
    const w = Float32Array.from(s.initialWeights); // the server's model, or its mirror of the workers' model
    s.onIteration(record(0, w, traffic, stats, 0));
    const acc = new Float32Array(d);
    const scale = s.aggregation === 'mean' ? 1 / P : 1;
    for (let t = 1; t <= s.iterations; t++) {
      acc.fill(0);
      let flops = 2 * d;
      for (let k = 0; k < P; k++) {
        const up: Delivery = yield server.inbox.get((x) => x.message.label === `up/${t}`);
        const message = up.message.body as CompressedMessage;
        addMessage(acc, message, scale);
        flops += 2 * (message.kind === 'dense' ? d : message.indices.length);
      }
      const eta = s.learningRate(t);
      let body: unknown;
      let bits: number;
      let nnz: number;
      if (s.downlink === undefined) {
        step(w, eta, acc);
        nnz = nnzFraction(acc);
        body = Float32Array.from(w); // a snapshot: workers must not see later updates
        bits = 32 * d;
      } else {
        let message: CompressedMessage;
        try {
          message = s.downlink.compress(acc, { iteration: t, worker: 0 });
        } catch (e) {
          throw new Divergence(t, (e as Error).message);
        }
        const update = toDense(message);
        step(w, eta, update);
        nnz = nnzFraction(update);
        body = message;
        bits = message.bits;
        flops += 2 * d;
      }
      const seconds = computeTimeS(s.serverDevice, flops);
      yield env.timeout(seconds);
      network.ledger.addCompute(server.name, seconds, s.serverDevice.computeW);
      const arrivals = workers.map((node) => {
        const sent = network.send(server.name, node.name, Math.ceil(bits / 8), `down/${t}`, body);
        count(traffic, 'down', sent);
        return delivered(network, sent.id);
      });
      yield env.allOf(arrivals);
      s.onIteration(record(t, w, traffic, stats, nnz));
    }
  };

  const processes = workers.map((_, i) => env.process(worker(i), `worker/${i}`));
  return env.allOf([env.process(serverLoop(), 'server'), ...processes]);
};

/** Per-iteration statistics, filled in by the workers and read by the record. */
export function perIteration(P: number) {
  return { budgets: new Array<number>(P).fill(0), bitsUp: new Array<number>(P).fill(0), bitsDown: new Array<number>(P).fill(0), alpha: new Array<number>(P).fill(0) };
}

/** A record of iteration t (arrays copied, so later iterations do not change it). */
export function record(t: number, w: Float32Array, traffic: TrafficCounters, stats: ReturnType<typeof perIteration>, nnz: number): IterationRecord {
  return {
    iteration: t, weights: w, traffic: { ...traffic },
    budgets: [...stats.budgets], bitsUp: [...stats.bitsUp], bitsDown: [...stats.bitsDown], alpha: [...stats.alpha],
    downlinkNnzFraction: nnz,
  };
}

/** Add a message to the up or down counters (wire bytes as framed on its first hop). */
export function count(traffic: TrafficCounters, direction: 'up' | 'down', m: Message): void {
  if (direction === 'up') {
    traffic.payloadBytesUp += m.payloadBytes;
    traffic.wireBytesUp += m.train.totalWireBytes;
    traffic.packetsUp += m.train.wireBytes.length;
  } else {
    traffic.payloadBytesDown += m.payloadBytes;
    traffic.wireBytesDown += m.train.totalWireBytes;
    traffic.packetsDown += m.train.wireBytes.length;
  }
}

/** An event that fires when message `id` has fully arrived. */
export function delivered(network: Network, id: number): SimEvent<void> {
  const event = network.env.event<void>(`delivered/${id}`);
  network.onDelivery(id, () => event.succeed());
  return event;
}
