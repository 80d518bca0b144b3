import { wait, type ProcessGenerator, type SimEvent } from '../../sim/index.js';
import { type CollectiveReport, ringAllGather, ringAllReduce } from '../../net/index.js';
import { bitsToBytes, bytesToBits } from '../../net/units.js';
import type { CompressedMessage } from '../compress/compressor.js';
import { addMessage, CommonStep, scaleInPlace } from '../compress/accumulate.js';
import { aggregateObserverOf } from '../compress/regtopk.js';
import { perIteration, record } from './parameter-server.js';
import { type PayloadCounters, type Scheme, type SchemeSetup, zeroPayload } from './types.js';
import { nnzFraction, parallelCompute, combineComputeS, step as stepModel, workerStep, type WorkerUpdate } from './worker-step.js';

/**
 * Decentralized sparse SGD (no server): every worker compresses its gradient,
 * the compressed messages are exchanged by a ring all-gather (each worker ends
 * with all P messages, O(kP) traffic per worker), and every worker applies the
 * same combined update to its copy of the model. The collective starts once
 * every worker's message is ready (the synchronous round's barrier).
 */
export const allGather: Scheme = (s) => decentralized(s, 'all-gather');

/**
 * Dense ring all-reduce (no server): every worker's dense fp32 gradient is
 * summed by reduce-scatter then all-gather, 2(P − 1) steps; every worker
 * applies the combined gradient.
 */
export const ringAllReduceScheme: Scheme = (s) => decentralized(s, 'ring-all-reduce');

function decentralized(s: SchemeSetup, kind: 'all-gather' | 'ring-all-reduce'): SimEvent<unknown> {
  const { env, network, workers } = s;
  const P = workers.length;
  const d = s.workload.dim;
  const payload = zeroPayload();
  const stats = perIteration(P);
  // Every worker applies the same update to the same start: one array holds the model all of them hold.
  const w = Float32Array.from(s.initialWeights);
  const scale = s.aggregation === 'mean' ? 1 / P : 1;
  const scratch = new Float32Array(d); // the workers' gradient buffer (see workerStep)
  const acc = new Float32Array(d);
  const common = new CommonStep();

  const loop = function* (): ProcessGenerator<void> {
    s.onIteration(record(0, w, payload, stats, 0));
    const summed = new Set<number>();
    for (let t = 1; t <= s.iterations; t++) {
      acc.fill(0);
      summed.clear();
      // Ring all-reduce: each dense message is summed as it is made (the values the ring would
      // reduce; the collective below moves their sizes), so no worker keeps a d-sized copy.
      const step = function* (i: number): ProcessGenerator<WorkerUpdate> {
        const u = yield* workerStep(s, i, w, t, scratch);
        if (kind === 'ring-all-reduce') {
          // with replicas, a class's message is added once, weighted by its members
          const r = s.replicas?.classOf(i);
          if (r === undefined) addMessage(acc, u.message, scale);
          else if (!summed.has(r)) {
            summed.add(r);
            addMessage(acc, u.message, scale * s.replicas!.size(r));
          }
        }
        return u;
      };
      const updates = (yield env.allOf(workers.map((_, i) => env.process(step(i), `worker/${i}/step`)))) as WorkerUpdate[];
      updates.forEach((u, i) => {
        stats.budgets[i] = u.budget;
        stats.alpha[i] = u.alpha;
        stats.error[i] = u.compressionError;
        stats.norm[i] = u.inputNormSq;
      });
      const label = s.label ?? '';
      if (s.gate !== undefined) yield s.gate.turn(t); // one collective at a time, in bucket order
      let report: CollectiveReport;
      let flops: number;
      if (kind === 'all-gather') {
        const bodies = updates.map((u) => u.message);
        const r = yield* wait(env.process(ringAllGather(network, workers, bodies, { bytes: (m: CompressedMessage) => bitsToBytes(m.bits) }, { tag: `${label}all-gather/${t}` })));
        report = r;
        for (const m of bodies) addMessage(acc, m, scale);
        flops = 2 * bodies.reduce((n, m) => n + (m.kind === 'dense' ? d : m.indices.length), 0) + 2 * d;
        // CAT App. G: messages carrying ω_j are stepped together by ω/2 (1: nothing to do)
        for (const m of bodies) common.add(m);
        const factor = common.factor();
        if (factor !== 1) {
          scaleInPlace(acc, factor);
          flops += d;
        }
      } else {
        report = yield* wait(
          env.process(
            ringAllReduce(
              network,
              workers,
              workers.map(() => d),
              FLOAT_CHUNK_SIZES,
              { tag: `${label}ring-all-reduce/${t}` },
            ),
          ),
        );
        flops = 2 * d;
      }
      s.gate?.turnEnded(t);
      // every worker combines and steps in parallel; the round ends with the slowest
      yield* parallelCompute(
        s,
        workers.map((_, i) => combineComputeS(s.workerDevices[i]!, flops)),
      );
      workers.forEach((_, i) => s.gate?.done(i, t));
      stepModel(w, s.learningRate(t), acc);
      // RegTop-k's posterior needs the aggregate every worker applied (Algorithm 1, line 5)
      for (const c of s.uplink) aggregateObserverOf(c)?.observeAggregate(acc);
      tally(
        payload,
        report,
        stats,
        workers.map((n) => n.name),
      );
      s.onIteration(record(t, w, payload, stats, nnzFraction(acc)));
    }
  };
  return env.process(loop(), kind);
}

/**
 * A ring collective's payload (all-gather, all-reduce: worker i sends only to
 * i + 1). Worker i receives what its predecessor sent, so bits up are what
 * each worker sent and bits down what its predecessor sent; the counters add
 * the same, and with no server the two totals are equal (every byte sent is
 * received by a worker).
 */
export function tally(counters: PayloadCounters, report: CollectiveReport, stats: ReturnType<typeof perIteration>, names: readonly string[]): void {
  const sent = names.map((name) => report.payloadBytesByNode.get(name) ?? 0);
  const P = names.length;
  let payload = 0;
  sent.forEach((bytes, i) => {
    payload += bytes;
    stats.bitsUp[i] = bytesToBits(bytes);
  });
  counters.bytesUp += payload;
  sent.forEach((_, i) => {
    const received = sent[(i + P - 1) % P] as number;
    stats.bitsDown[i] = bytesToBits(received);
    counters.bytesDown += received;
  });
}

/**
 * A dense fp32 vector of n floats cut into P contiguous chunks of ⌈n/P⌉ (the
 * last ones shorter or empty), by length only: the ring moves the sizes, the
 * scheme sums the values itself.
 */
export const FLOAT_CHUNK_SIZES = {
  bytes: (n: number) => 4 * n,
  combine: (a: number) => a,
  split: (n: number, parts: number) => {
    const size = Math.ceil(n / parts);
    return Array.from({ length: parts }, (_, k) => Math.max(0, Math.min(n, (k + 1) * size) - k * size));
  },
  join: (chunks: readonly number[]) => chunks.reduce((a, b) => a + b, 0),
};
