import type { SimEvent } from '../../sim/index.js';
import { type CollectiveReport, ringAllGather, ringAllReduce } from '../../net/index.js';
import type { CompressedMessage } from '../compress/compressor.js';
import { addMessage } from '../compress/accumulate.js';
import { aggregateObserverOf } from '../compress/regtopk.js';
import { computeTimeS } from '../devices.js';
import { perIteration, record } from './parameter-server.js';
import { type Scheme, type SchemeSetup, type TrafficCounters, zeroTraffic } from './types.js';
import { nnzFraction, parallelCompute, step, workerStep, type WorkerUpdate } from './worker-step.js';


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
  const d = s.model.dim;
  const traffic = zeroTraffic();
  const stats = perIteration(P);
  // Every worker applies the same update to the same start: one array holds the model all of them hold.
  const w = Float32Array.from(s.initialWeights);
  const scale = s.aggregation === 'mean' ? 1 / P : 1;

  const loop = function* (): Generator<SimEvent<any>, void, any> {
    s.onIteration(record(0, w, traffic, stats, 0));
    for (let t = 1; t <= s.iterations; t++) {
      const updates: WorkerUpdate[] = yield env.allOf(workers.map((_, i) => env.process(workerStep(s, i, w, t), `worker/${i}/step`)));
      updates.forEach((u, i) => {
        stats.budgets[i] = u.budget;
        stats.alpha[i] = u.alpha;
      });
      const acc = new Float32Array(d);
      let report: CollectiveReport;
      let flops: number;
      if (kind === 'all-gather') {
        const bodies = updates.map((u) => u.message);
        const r = yield env.process(ringAllGather(network, workers, bodies, { bytes: (m: CompressedMessage) => Math.ceil(m.bits / 8) }, { tag: `all-gather/${t}` }));
        report = r;
        for (const m of bodies) addMessage(acc, m, scale);
        flops = 2 * bodies.reduce((n, m) => n + (m.kind === 'dense' ? d : m.indices.length), 0) + 2 * d;
      } else {
        const dense = updates.map((u) => u.message.values);
        const r = yield env.process(ringAllReduce(network, workers, dense, FLOAT_CHUNKS, { tag: `ring-all-reduce/${t}` }));
        report = r;
        const sum = r.results[0] as Float32Array;
        for (let j = 0; j < d; j++) acc[j] = (sum[j] as number) * scale;
        flops = 2 * d;
      }
      // every worker combines and steps in parallel; the round ends with the slowest
      yield* parallelCompute(s, workers.map((_, i) => computeTimeS(s.workerDevices[i]!, flops)));
      step(w, s.learningRate(t), acc);
      // RegTop-k's posterior needs the aggregate every worker applied (Algorithm 1, line 5)
      for (const c of s.uplink) aggregateObserverOf(c)?.observeAggregate(acc);
      tally(traffic, report, stats, workers.map((n) => n.name));
      s.onIteration(record(t, w, traffic, stats, nnzFraction(acc)));
    }
  };
  return env.process(loop(), kind);
}

/** Decentralized traffic: everything a worker transmits counts as up, everything it receives as down. */
function tally(traffic: TrafficCounters, report: CollectiveReport, stats: ReturnType<typeof perIteration>, names: readonly string[]): void {
  let payload = 0;
  names.forEach((name, i) => {
    const bytes = report.payloadBytesByNode.get(name) ?? 0;
    payload += bytes;
    stats.bitsUp[i] = 8 * bytes;
    const c = report.byNode.get(name);
    traffic.wireBytesUp += c?.wireBytes ?? 0;
    traffic.packetsUp += c?.packets ?? 0;
  });
  traffic.payloadBytesUp += payload;
  names.forEach((_, i) => (stats.bitsDown[i] = 8 * payload - (stats.bitsUp[i] as number)));
}

/** Dense fp32 vectors cut into P contiguous chunks, summed elementwise. */
const FLOAT_CHUNKS = {
  bytes: (v: Float32Array) => 4 * v.length,
  combine: (a: Float32Array, b: Float32Array) => {
    const out = new Float32Array(a.length);
    for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) + (b[i] as number);
    return out;
  },
  split: (v: Float32Array, parts: number) => {
    const size = Math.ceil(v.length / parts);
    return Array.from({ length: parts }, (_, k) => v.slice(k * size, Math.min(v.length, (k + 1) * size)));
  },
  join: (chunks: readonly Float32Array[]) => {
    const out = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  },
};
