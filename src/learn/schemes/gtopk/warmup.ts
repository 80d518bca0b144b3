import type { ProcessGenerator } from '../../../sim/index.js';
import { type AllReduceReport, ringAllReduce } from '../../../net/index.js';
import { computeTimeS, stepFactor } from '../../devices.js';
import { FLOAT_CHUNK_SIZES, tally } from '../decentralized.js';
import type { perIteration } from '../parameter-server.js';
import type { PayloadCounters, SchemeSetup } from '../types.js';
import { combineComputeS, gradientOf, parallelCompute } from '../worker-step.js';

/** The gTop-k run's state a dense warmup iteration reads and updates. */
export interface WarmupState {
  readonly w: Float32Array;
  /** ε^p per worker (per class with replicas); all zero after a dense iteration. */
  readonly residuals: readonly Float32Array[];
  /** The workers' shared gradient buffer. */
  readonly scratch: Float32Array;
  /** The iteration's aggregate Σ_p acc^p (scaled), a d-sized buffer of the run's. */
  readonly aggregate: Float32Array;
  readonly payload: PayloadCounters;
  readonly stats: ReturnType<typeof perIteration>;
  /** 1/P for a mean, 1 for a sum. */
  readonly scale: number;
}

/**
 * One iteration of gTop-k's warmup (Shi et al. 2019, §5.1: "we exploit the
 * warmup strategy", dense S-SGD for the first epochs): Algorithm 1 with
 * k = d, i.e. every worker's acc^p = ε^p + η_t·G^p is summed by a dense fp32
 * ring all-reduce, w ← w − scale·Σ_p acc^p, and every residual is emptied
 * (gMask^p is all of d, line 5). The worker's step is its gradient compute
 * only (no Top-k selection pass); after the all-reduce, 2d + 2d FLOPs (forming
 * acc, applying the sum) — the sparse iteration's 2d + 2k at k = d. Records:
 * budgets = d, α = 1, compression error 0, bits as the ring moved them (sent
 * up; received = what the ring predecessor sent).
 * @returns the non-zeros of the applied update over d
 */
export function* denseWarmupIteration(s: SchemeSetup, t: number, state: WarmupState): ProcessGenerator<number> {
  const { env, network, workers } = s;
  const d = s.workload.dim;
  const { w, residuals, scratch, aggregate, payload, stats, scale } = state;
  const eta = s.learningRate(t);
  aggregate.fill(0);
  const added = new Set<number>(); // with replicas, a class's vector is added once, weighted by its members
  const norms: number[] = new Array<number>(residuals.length).fill(0);
  const step = function* (i: number): ProcessGenerator<void> {
    if (s.gate !== undefined) yield s.gate.ready(i, t);
    else {
      const device = s.workerDevices[i]!;
      const seconds = computeTimeS(device, s.workload.stepFlops) * stepFactor(s.heterogeneity, s.computeStreams[i]!);
      yield env.timeout(seconds);
      network.ledger.addCompute(workers[i]!.name, seconds, device.computeW);
    }
    const r = s.replicas?.classOf(i) ?? i;
    if (added.has(r)) return;
    added.add(r);
    const acc = residuals[r] as Float32Array;
    const g = gradientOf(s, r, w, t, scratch);
    const weight = scale * (s.replicas?.size(r) ?? 1);
    let sq = 0;
    for (let j = 0; j < d; j++) {
      const a = Math.fround((acc[j] as number) + eta * (g[j] as number));
      sq += a * a;
      aggregate[j] = (aggregate[j] as number) + weight * a;
    }
    acc.fill(0); // everything was sent: ε^p = 0
    norms[r] = sq;
  };
  yield env.allOf(workers.map((_, i) => env.process(step(i), `worker/${i}/warmup`)));
  if (s.gate !== undefined) yield s.gate.turn(t);
  const report = (yield env.process(
    ringAllReduce(
      network,
      workers,
      workers.map(() => d),
      FLOAT_CHUNK_SIZES,
      { tag: `${s.label ?? ''}gtopk-warmup/${t}` },
    ),
  )) as AllReduceReport<number>;
  s.gate?.turnEnded(t);
  yield* parallelCompute(
    s,
    workers.map((_, i) => combineComputeS(s.workerDevices[i]!, 4 * d)),
  );
  workers.forEach((_, i) => s.gate?.done(i, t));
  for (let j = 0; j < d; j++) w[j] = (w[j] as number) - (aggregate[j] as number);
  let nnz = 0;
  for (let j = 0; j < d; j++) if (aggregate[j] !== 0) nnz++;
  workers.forEach((_, i) => {
    stats.budgets[i] = d;
    stats.alpha[i] = 1;
    stats.error[i] = 0;
    stats.norm[i] = norms[s.replicas?.classOf(i) ?? i] as number;
  });
  tally(
    payload,
    report,
    stats,
    workers.map((n) => n.name),
  );
  return nnz / d;
}
