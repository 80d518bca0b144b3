import type { SimEvent, ProcessGenerator } from '../../sim/index.js';
import type { Delivery, Network } from '../../net/index.js';
import { bitsToBytes } from '../../net/units.js';
import type { CompressedMessage } from '../compress/compressor.js';
import { addMessage, CommonStep, scaleInPlace } from '../compress/accumulate.js';
import { compressionSeconds } from '../devices.js';
import { aggregateObserverOf } from '../compress/regtopk.js';
import type { TopKRound } from '../diagnostics/topk-constants.js';
import { type IterationRecord, type Scheme, type SchemeHooks, type SchemeSetup, type PayloadCounters, zeroPayload } from './types.js';
import { budgetOf, compressOrDiverge, nnzFraction, serverComputeS, step, workerStep, type StepProbe } from './worker-step.js';

/** The setup of {@link parameterServer}: the common one plus its optional hooks. */
export type ParameterServerSetup = SchemeSetup & SchemeHooks;

/**
 * Synchronous parameter-server SGD with Top-K (or any) compression on the
 * uplink, the downlink, or both — Algorithms 6–11 of W. Zou, "Bidirectional
 * Top_K Sparsification for Distributed Learning" (MMath thesis, Waterloo
 * 2022), with the compressors, their budgets (K_up, K_down) and error
 * feedback chosen per direction:
 *
 * - worker q (Alg. 6/8/10 line 3): computes a real mini-batch gradient at its
 *   model w_{t−1}, scales it by the step α_{t−1} = learningRate(t), and
 *   compresses α_{t−1}·g^q with the uplink compressor; with error feedback the
 *   compressor's input is a_t^q = ε_{t−1}^q + α_{t−1}·g^q and it keeps
 *   ε_t^q = a_t^q − C(a_t^q) (ε_0 = 0). The step is applied here, before
 *   compression and memory, so the memories hold step-scaled residuals as in
 *   the thesis (this matters when α changes over time);
 * - server (Alg. 7/9/11 line 6): waits for all N messages and combines them,
 *   g = Σ_q p_q·C(a_t^q) with p_q = 1/N (`mean`) or 1 (`sum`); then either
 *   - no downlink compressor (Alg. 7): steps its model w_t = w_{t−1} − g and
 *     sends the dense fp32 model to every worker (the same w_t the thesis's
 *     workers compute from g_t), or
 *   - a downlink compressor (Alg. 9/11 lines 6–7): compresses g — with server
 *     error feedback its input is g_t = g + δ_{t−1} and it keeps
 *     δ_t = g_t − C(g_t) (δ_0 = 0) — and sends C(g_t) to every worker, which
 *     applies w_t = w_{t−1} − C(g_t) with no further step (Alg. 8 line 7,
 *     Alg. 10 line 5); the server applies the same to its mirror of the model.
 * One unicast per worker on the downlink. Iteration t ends when the last
 * worker holds model t; iteration 0 assumes every worker holds the same w₀.
 */
export const parameterServer: Scheme = (s: ParameterServerSetup) => {
  const server = s.server;
  if (server === undefined) throw new Error('the parameter-server scheme needs a topology with a server');
  const { env, network, workers } = s;
  const P = workers.length;
  const d = s.workload.dim;
  const payload = zeroPayload();
  const stats = perIteration(P);
  const scale = s.aggregation === 'mean' ? 1 / P : 1;
  // Every worker holds the same model w_t, and the server changes its own (or its mirror) only
  // after every worker has sent up/t+1, i.e. computed its gradient on w_t: one array stands for
  // every copy, and the dense downlink sends it without a snapshot.
  const w = Float32Array.from(s.initialWeights);
  const scratch = new Float32Array(d); // the workers' gradient buffer (see workerStep)
  const acc = new Float32Array(d);
  // The update the workers applied at t (for RegTop-k's posterior): filled by the server, read by
  // every worker before it sends up/t+1, so it is still t's when read.
  const applied = new Float32Array(d);
  // Filled by the workers for the round hook (only when there is one).
  const probes: (StepProbe | undefined)[] = new Array<StepProbe | undefined>(P);
  // RegTop-k's posterior (its Algorithm 1, line 5) reads the aggregate every worker applied. With a
  // dense model downlink that is (w_{t−1} − w_t), which the worker could recover from the models it
  // holds; it is handed over exactly (float32 recovery from w would lose it to rounding), without bits.
  const observers = s.uplink.map((c) => aggregateObserverOf(c));
  const observing = observers.some((o) => o !== undefined);
  const label = s.label ?? '';

  const worker = function* (i: number): ProcessGenerator<void> {
    const node = workers[i]!;
    for (let t = 1; t <= s.iterations; t++) {
      // Alg. 6/8/10 lines 3–4: α_{t−1}·g, compressed (through error feedback, if any). The d
      // multiplications by α are not charged, and the server's step is still charged 2d flops,
      // so simulated times are those of the step-at-the-server version.
      const probe = s.onRound === undefined ? undefined : (p: StepProbe) => (probes[i] = p);
      const u = yield* workerStep(s, i, w, t, scratch, s.learningRate(t), probe);
      stats.budgets[i] = u.budget;
      stats.alpha[i] = u.alpha;
      stats.error[i] = u.compressionError;
      stats.norm[i] = u.inputNormSq;
      stats.bitsUp[i] = u.message.bits;
      payload.bytesUp += network.send(node.name, server.name, bitsToBytes(u.message.bits), `${label}up/${t}`, u.message).payloadBytes;
      const down = (yield node.inbox.get((x) => x.message.label === `${label}down/${t}`)) as Delivery;
      stats.bitsDown[i] = 8 * down.message.payloadBytes;
      // Alg. 6 line 7 (dense model) or Alg. 8 line 7 / Alg. 10 line 5 (α already in C(g_t)): the
      // server has applied it to w, the array this worker reads.
      observers[i]?.observeAggregate(applied);
      s.gate?.done(i, t);
    }
  };

  const common = new CommonStep();
  const serverLoop = function* (): ProcessGenerator<void> {
    s.onIteration(record(0, w, payload, stats, 0));
    for (let t = 1; t <= s.iterations; t++) {
      acc.fill(0);
      let flops = 2 * d;
      for (let k = 0; k < P; k++) {
        const up = (yield server.inbox.get((x) => x.message.label === `${label}up/${t}`)) as Delivery;
        const message = up.message.body as CompressedMessage;
        addMessage(acc, message, scale); // Alg. 7/9/11 line 6: Σ_q p_q C(a_t^q)
        common.add(message);
        flops += 2 * (message.kind === 'dense' ? d : message.indices.length);
      }
      // CAT App. G: messages carrying ω_j are stepped together by ω/2 (1: nothing to do)
      const factor = common.factor();
      if (factor !== 1) {
        scaleInPlace(acc, factor);
        flops += d;
      }
      // Every worker has sent up/t and waits for down/t, so none has written iteration t + 1's
      // statistics yet; later, an early-served worker may have (its next step can end before
      // the last worker is served), hence the snapshot now.
      const upStats = { budgets: [...stats.budgets], bitsUp: [...stats.bitsUp], alpha: [...stats.alpha], error: [...stats.error], norm: [...stats.norm] };
      const roundProbes = s.onRound === undefined ? undefined : probes.slice();
      let body: unknown;
      let bits: number;
      let nnz: number;
      let downlinkProbe: TopKRound['downlink'];
      let compressS = 0;
      if (s.downlink === undefined) {
        step(w, 1, acc); // Alg. 6 line 7: w_t = w_{t−1} − g_t (α applied by the workers)
        nnz = nnzFraction(acc);
        if (observing) applied.set(acc);
        body = w; // unchanged until every worker has computed on it (see above)
        bits = 32 * d;
      } else {
        const memory = s.onRound === undefined ? undefined : (s.downlink.residual?.memory() ?? new Float32Array(d));
        const message = compressOrDiverge(s.downlink, acc, t, 0); // Alg. 9/11 lines 6–7 (δ inside ErrorFeedback)
        addMessage(w, message, -1);
        if (observing) {
          applied.fill(0);
          addMessage(applied, message);
        }
        nnz = nnzOf(message) / d;
        body = message;
        bits = message.bits;
        flops += 2 * d;
        compressS = compressionSeconds(s.serverDevice, s.downlink.lastWork); // the selection the server ran, as a worker's is charged
        if (memory !== undefined) downlinkProbe = { memory, budget: budgetOf(message, d) };
      }
      const seconds = serverComputeS(s, s.serverDevice, flops) + compressS;
      yield env.timeout(seconds);
      network.ledger.addCompute(server.name, seconds, s.serverDevice.computeW);
      const arrivals = workers.map((node) => {
        const sent = network.send(server.name, node.name, bitsToBytes(bits), `${label}down/${t}`, body);
        payload.bytesDown += sent.payloadBytes;
        return delivered(network, sent.id);
      });
      yield env.allOf(arrivals);
      if (roundProbes !== undefined) s.onRound?.(round(t, s.learningRate(t), scale, roundProbes, upStats.budgets, downlinkProbe));
      s.onIteration(record(t, w, payload, { ...upStats, bitsDown: stats.bitsDown }, nnz));
    }
  };

  const processes = workers.map((_, i) => env.process(worker(i), `worker/${i}`));
  return env.allOf([env.process(serverLoop(), 'server'), ...processes]);
};

/** Non-zero values a message decodes to, over its coordinates (a sparse message's indices are distinct). */
export function nnzOf(m: CompressedMessage): number {
  let n = 0;
  for (let j = 0; j < m.values.length; j++) if (m.values[j] !== 0) n++;
  return n;
}

function round(t: number, stepSize: number, p: number, probes: readonly (StepProbe | undefined)[], budgets: readonly number[], downlink: TopKRound['downlink']): TopKRound {
  const all = probes.map((x) => x!);
  return {
    iteration: t,
    stepSize,
    weights: all.map(() => p),
    scaledGradients: all.map((x) => x.scaledGradient),
    accumulators: all.map((x) => x.accumulator),
    uplinkBudgets: [...budgets],
    ...(downlink ? { downlink } : {}),
  };
}

/** Per-iteration statistics, filled in by the workers and read by the record. */
export function perIteration(P: number) {
  return {
    budgets: new Array<number>(P).fill(0),
    bitsUp: new Array<number>(P).fill(0),
    bitsDown: new Array<number>(P).fill(0),
    alpha: new Array<number>(P).fill(0),
    error: new Array<number>(P).fill(0),
    norm: new Array<number>(P).fill(0),
  };
}

/** A record of iteration t (arrays copied, so later iterations do not change it). */
export function record(t: number, w: Float32Array, payload: PayloadCounters, stats: ReturnType<typeof perIteration>, nnz: number): IterationRecord {
  return {
    iteration: t,
    weights: w,
    payload: { ...payload },
    budgets: [...stats.budgets],
    bitsUp: [...stats.bitsUp],
    bitsDown: [...stats.bitsDown],
    alpha: [...stats.alpha],
    compressionError: [...stats.error],
    inputNormSq: [...stats.norm],
    downlinkNnzFraction: nnz,
  };
}

/** An event that fires when message `id` has fully arrived. */
export function delivered(network: Network, id: number): SimEvent<void> {
  const event = network.env.event<void>(`delivered/${id}`);
  network.onDelivery(id, () => event.succeed());
  return event;
}
