import type { SimEvent, ProcessGenerator } from '../../../sim/index.js';
import type { RecursiveDoublingReport } from '../../../net/index.js';
import { addMessage } from '../../compress/accumulate.js';
import type { Compressor, SparseMessage } from '../../compress/compressor.js';
import { TopKWorkspace } from '../../compress/select.js';
import { TopK } from '../../compress/topk.js';
import type { Encoding } from '../../encoding/encoding.js';
import { contributionMasks, exchangeByRank, gTopKAllReduce, gTopKCombiner, gTopKDelta, gTopKErrors, localPartial, type GTopKDelta, type GTopKPartial } from './index.js';
import { denseWarmupIteration } from './warmup.js';
import { perIteration, record } from '../parameter-server.js';
import { type Scheme, type SchemeHooks, type SchemeSetup, zeroPayload } from '../types.js';
import { compressOrDiverge, gradientOf, normSq, parallelCompute, combineComputeS, stepTime } from '../worker-step.js';

/** What gTop-k takes from the workers' uplink compressors. */
export interface GTopKConfig {
  /** The common budget k: each worker's local top-k and every merge's re-selection (of the first iteration). */
  readonly k: number;
  /**
   * The common budget at iteration t (constant, or an iteration-driven
   * schedule such as AdapTop-K's); asks every worker's budget and throws
   * (`gTopKErrors.budgetsDivergeAt`) if they disagree at t.
   */
  readonly kAt: (t: number) => number;
  /** The common encoding that prices every vector sent (local and merged). */
  readonly encoding: Encoding;
}

/**
 * k and the encoding of a gTop-k run, from the workers' uplink compressors:
 * each must be a plain `TopK` with a fixed budget (`{ k }` or `{ ratio }`) or
 * an AdapTop-K schedule (k_t driven by the iteration alone), all with the same
 * k and the same encoding. Refused, with a catalog message
 * ({@link gTopKErrors}): a compressor with a memory of its own
 * (`Compressor.residual`: Top-k inside the generic `ErrorFeedback`; gTop-k
 * keeps its own gMask residual, Algorithm 1 line 5 — a second memory would
 * count unsent mass twice), any other compressor, a budget tuner that reads
 * the gradient, and disagreeing k (at the first iteration here; at a later
 * one by `kAt`) or encodings.
 * @param uplink one compressor per worker
 */
export function gTopKConfig(uplink: readonly Compressor[]): GTopKConfig {
  const ks = uplink.map((c, i) => {
    if (c.residual !== undefined) throw new Error(gTopKErrors.errorFeedback(i, c.name)); // a memory of its own (error feedback)
    if (!(c instanceof TopK)) throw new Error(gTopKErrors.notTopK(i, c.name));
    // A budget driven by the iteration alone (a fixed k, AdapTop-K's eq. 20) gives every worker the same k_t.
    const tuner = c.tuner;
    if (tuner.iterationBudget === undefined) throw new Error(gTopKErrors.adaptiveBudget(i, tuner.name));
    return (t: number) => tuner.iterationBudget!(c.dim, t);
  });
  const firsts = ks.map((f) => f(1));
  if (firsts.some((x) => x !== firsts[0])) throw new Error(gTopKErrors.budgetsDiffer(firsts));
  // Every merge re-selects one k: the workers must agree at every iteration, not only the first.
  const kAt = (t: number): number => {
    const at = ks.map((f) => f(t));
    if (at.some((x) => x !== at[0])) throw new Error(gTopKErrors.budgetsDivergeAt(t, at));
    return at[0] as number;
  };
  const names = uplink.map((c) => c.encoding.name);
  if (names.some((n) => n !== names[0])) throw new Error(gTopKErrors.encodingsDiffer(names));
  return { k: firsts[0] as number, kAt, encoding: (uplink[0] as Compressor).encoding };
}

/**
 * One iteration's exchange, for diagnostics. The arrays are the scheme's own
 * buffers: valid during the callback only (copy what you keep) and not to be
 * mutated.
 */
export interface GTopKExchange {
  readonly iteration: number;
  /** acc^p = ε^p_{t−1} + η_t G^p, per worker (Algorithm 1 line 3): the vectors gTop-k reduced. */
  readonly accumulated: readonly Float32Array[];
  /** TopK(acc^p), per worker: what each worker put into the tree. */
  readonly local: readonly SparseMessage[];
  /** The global top-k x = gTopK(acc¹ … acc^P), as every worker holds it (unscaled). */
  readonly global: SparseMessage;
  /** gMask^p of eq. 7 as sorted indices: where worker p's value contributes to x. */
  readonly masks: readonly Int32Array[];
  /** The collective's report (durations, per-node traffic). */
  readonly report: RecursiveDoublingReport<GTopKPartial>;
}

/** Options of {@link makeGTopK}; none changes the run's numbers. */
export interface GTopKOptions {
  /** Called after every exchange's collective with its report (timing tests); absent: nothing. */
  readonly onReport?: (iteration: number, report: RecursiveDoublingReport<GTopKPartial>) => void;
  /**
   * Called after every iteration t ≥ 1 with δ of §5.2 ({@link gTopKDelta}),
   * x^p = acc^p. Costs O(P·d) per iteration (wall time only, not simulated
   * time); absent (here and in the setup's hooks): δ is not computed.
   */
  readonly onDelta?: (iteration: number, delta: GTopKDelta) => void;
  /** Called after every exchange (iteration t ≥ 1), before the residuals are updated. */
  readonly onExchange?: (exchange: GTopKExchange) => void;
}

/**
 * gTop-k S-SGD (Shi et al. 2019, Algorithm 1), decentralized. Per iteration,
 * at every worker p:
 * 1. a real mini-batch gradient G^p at the common model w; acc^p = ε^p + η_t·G^p
 *    (line 3: the step size is inside the accumulator, as in the paper);
 * 2. TopK(acc^p) by the worker's uplink Top-k compressor (its k, its encoding,
 *    its selection and guards — a non-finite acc ends the run as diverged);
 * 3. recursive doubling (`gTopKAllReduce`, log2 P rounds; P not a power of
 *    two: the fold/unfold rule) where partners exchange their current k-sparse
 *    vector, priced exactly by the encoding, and both replace it by the merge
 *    x ⊤ y of eq. 6 (sum, then re-select the top k; O(k));
 *    every worker ends with the same global top-k x (line 4; checked);
 * 4. ε^p = acc^p ⊙ ¬gMask^p (line 5): everything of acc^p except the
 *    coordinates where p's value contributes to x (eq. 7, see
 *    `contributionMasks`) stays in p's residual — the coordinates p did not
 *    select, and those it selected that were dropped at some merge;
 * 5. w ← w − x/P (line 6) — with `aggregation: 'sum'`, w ← w − x.
 * Every worker applies the same update to the same model, so one array holds it.
 *
 * Warmup (`warmupIterations` N of the setup, §5.1): iterations 1 … N are
 * dense ({@link denseWarmupIteration}: Algorithm 1 with k = d by ring
 * all-reduce); δ is not reported for them (k = d).
 *
 * Time: the gradient and one selection pass over d (as the other schemes),
 * then the collective on the simulated network, in which every merge costs
 * one selection pass over the entries it reads (|a| + |b|, at the device's
 * selectSPerElement) at the worker that performs it, between rounds — the
 * next round's send waits for it; then per worker (2d + 2k) FLOPs (forming
 * acc, applying x; no second step overhead). The round ends with the slowest
 * worker.
 *
 * Record (as the all-gather scheme): budgets = k; bitsUp = 8 × payload bytes
 * the worker sent in the collective; bitsDown = 8 × payload bytes it
 * received — with P not a power of two, a folded-away worker also receives
 * its gMask, ⌈k/8⌉ bytes on the unfold (`gMaskBytes`); α = ‖TopK(acc^p)‖² /
 * ‖acc^p‖²; downlinkNnzFraction = nnz(x)/d (k/d unless values cancel).
 * Payload counters (no server): up adds what the workers sent, down what they
 * received (equal totals: every message goes worker to worker); wire bytes
 * are the run's to read.
 *
 * Uplink compressors: see {@link gTopKConfig} (Top-k with a fixed k or an
 * AdapTop-K schedule, no generic error feedback).
 */
export function makeGTopK(options: GTopKOptions = {}): Scheme {
  return (s) => gTopKRun(s, options);
}

/** gTop-k with no diagnostics: the scheme to register as kind `gtopk`. See {@link makeGTopK}. */
export const gTopK: Scheme = makeGTopK();

/** A worker's local part of one iteration. */
interface Local {
  readonly message: SparseMessage;
  readonly alpha: number;
  /** ‖acc^p‖² (float64) */
  readonly inputNormSq: number;
}

function gTopKRun(s: SchemeSetup & SchemeHooks, options: GTopKOptions): SimEvent<unknown> {
  const { env, network, workers } = s;
  const onDelta = options.onDelta ?? s.onDelta;
  const P = workers.length;
  const d = s.workload.dim;
  const { kAt, encoding } = gTopKConfig(s.uplink);
  const scratch = new Float32Array(d); // the workers' gradient buffer (see workerStep)
  const workspace = new TopKWorkspace();
  const payload = zeroPayload();
  const stats = perIteration(P);
  const w = Float32Array.from(s.initialWeights);
  // ε^p, and acc^p in place during an iteration (Algorithm 1 line 1: ε₀ = 0).
  // (with replicas, one per class: the members' accumulators are the same)
  const residuals = Array.from({ length: s.replicas?.distinct ?? P }, () => new Float32Array(d));
  const scale = s.aggregation === 'mean' ? 1 / P : 1;
  const warmup = s.warmupIterations ?? 0;
  const aggregate = new Float32Array(warmup > 0 ? d : 0); // the dense warmup's sum

  const loop = function* (): ProcessGenerator<void> {
    s.onIteration(record(0, w, payload, stats, 0));
    for (let t = 1; t <= s.iterations; t++) {
      if (t <= warmup) {
        const nnz: number = yield* denseWarmupIteration(s, t, { w, residuals, scratch, aggregate, payload, stats, scale });
        s.onIteration(record(t, w, payload, stats, nnz));
        continue;
      }
      const eta = s.learningRate(t);
      const k = kAt(t);
      const combiner = gTopKCombiner(k, encoding, workspace);
      const locals = (yield env.allOf(workers.map((_, i) => env.process(localStep(s, i, w, t, eta, residuals, scratch), `worker/${i}/step`)))) as Local[];
      const bodies = locals.map((l, i) => localPartial(i, l.message));
      if (s.gate !== undefined) yield s.gate.turn(t); // one collective at a time, in bucket order
      // each merge is one selection pass over its candidates, at the worker that performs it, between rounds
      const report = (yield env.process(
        gTopKAllReduce(network, workers, bodies, combiner, {
          tag: `${s.label ?? ''}gtopk/${t}`,
          mergeS: (i, entries) => entries * s.workerDevices[i]!.selectSPerElement,
          onMerge: (i, seconds) => network.ledger.addCompute(workers[i]!.name, seconds, s.workerDevices[i]!.computeW),
        }),
      )) as RecursiveDoublingReport<GTopKPartial>;
      options.onReport?.(t, report);
      const root = report.results[0] as GTopKPartial;
      report.results.forEach((r, p) => {
        if (!sameVector(r.message, root.message)) throw new Error(gTopKErrors.resultsDiffer(p));
      });
      s.gate?.turnEnded(t);
      const global = root.message;
      const masks = contributionMasks(root, P);
      const exchange = exchangeByRank(root, P, combiner.bytes);
      options.onExchange?.({ iteration: t, accumulated: residuals, local: locals.map((l) => l.message), global, masks, report });
      if (onDelta) onDelta(t, gTopKDelta(residuals, global, k));
      // ‖ε^p‖² after line 5: ‖acc^p‖² less what the mask takes (O(k), not O(d))
      const left = residuals.map((_, r) => locals[r]!.inputNormSq);
      masks.forEach((mask, p) => {
        if (p >= residuals.length) return; // a replica: its class's representative (p mod R) holds the residual
        const e = residuals[p] as Float32Array;
        let sq = left[p] as number;
        for (let j = 0; j < mask.length; j++) {
          const x = e[mask[j] as number] as number;
          sq -= x * x;
          e[mask[j] as number] = 0;
        }
        left[p] = Math.max(0, sq);
      });
      // every worker updates its residual and model in parallel; the round ends with the slowest
      yield* parallelCompute(
        s,
        workers.map((_, i) => combineComputeS(s.workerDevices[i]!, 2 * d + 2 * k)),
      );
      workers.forEach((_, i) => s.gate?.done(i, t));
      addMessage(w, global, -scale);
      let nnz = 0;
      for (let j = 0; j < global.values.length; j++) if (global.values[j] !== 0) nnz++;
      workers.forEach((node, i) => {
        const l = locals[i] as Local;
        stats.budgets[i] = l.message.indices.length;
        stats.alpha[i] = l.alpha;
        // compression error: what of acc^p did not reach x, i.e. ε^p after line 5, over ‖acc^p‖²
        stats.norm[i] = l.inputNormSq;
        stats.error[i] = l.inputNormSq > 0 ? (left[s.replicas?.classOf(i) ?? i] as number) / l.inputNormSq : 0;
        const sent = report.payloadBytesByNode.get(node.name) ?? 0;
        stats.bitsUp[i] = 8 * sent;
        const received = (exchange[i] as { receivedBytes: number }).receivedBytes;
        stats.bitsDown[i] = 8 * received;
        payload.bytesUp += sent;
        payload.bytesDown += received;
      });
      s.onIteration(record(t, w, payload, stats, nnz / d));
    }
  };
  return env.process(loop(), 'gtopk');
}

/**
 * Worker i's local part: a real mini-batch gradient at `w`, the device's
 * compute time (with heterogeneity) plus its compressor's selection pass,
 * charged to the energy ledger; then acc ← acc + η·G (in place: `acc` holds
 * ε on entry) and TopK(acc) by the worker's compressor.
 */
function* localStep(s: SchemeSetup, i: number, w: Float32Array, t: number, eta: number, residuals: readonly Float32Array[], scratch: Float32Array): ProcessGenerator<Local> {
  yield* stepTime(s, i, t);
  const compute = (r: number): Local => {
    const acc = residuals[r] as Float32Array;
    const g = gradientOf(s, r, w, t, scratch);
    let input = 0;
    for (let j = 0; j < acc.length; j++) {
      const a = Math.fround((acc[j] as number) + eta * (g[j] as number));
      acc[j] = a;
      input += a * a;
    }
    const message = compressOrDiverge(s.uplink[r]!, acc, t, r, Number.isFinite(input)) as SparseMessage;
    return { message, alpha: normSq(message.values) / Math.max(input, 1e-300), inputNormSq: input };
  };
  return s.replicas === undefined ? compute(i) : s.replicas.take(i, t, compute);
}

function sameVector(a: SparseMessage, b: SparseMessage): boolean {
  if (a.indices.length !== b.indices.length) return false;
  for (let j = 0; j < a.indices.length; j++) {
    if (a.indices[j] !== b.indices[j] || !Object.is(a.values[j], b.values[j])) return false;
  }
  return true;
}
