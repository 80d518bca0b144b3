import type { SimEvent, ProcessGenerator } from '../../sim/index.js';
import { computeTimeS, stepFactor } from '../devices.js';
import type { Bucket } from '../workloads/buckets.js';
import type { SchemeSetup } from './types.js';

/**
 * How one bucket's copy of a scheme meets the workers' compute: it waits for
 * a worker's gradients of its bucket instead of timing the step itself, says
 * when a worker holds its bucket's result, and (decentralized schemes) takes
 * its turn on the one communication stream the buckets share.
 */
export interface ComputeGate {
  /**
   * Fires when worker i's gradients of this bucket at iteration t are ready
   * and its compressor's a-priori selection passes are charged (for callers
   * that compress afterwards and charge nothing of their own).
   */
  ready(worker: number, iteration: number): SimEvent<unknown>;
  /**
   * Fires when worker i's gradients of this bucket at iteration t are ready
   * (their compute charged); the caller compresses, then must report the
   * compression's seconds with {@link compressed}.
   */
  gradients(worker: number, iteration: number): SimEvent<unknown>;
  /**
   * Worker i's compression of this bucket at iteration t took `seconds`:
   * charged on its timeline before its next segment; fires once charged.
   */
  compressed(worker: number, iteration: number, seconds: number): SimEvent<unknown>;
  /** Worker i holds this bucket's result of iteration t (its next step starts when every bucket's is in). */
  done(worker: number, iteration: number): void;
  /** Fires when the previous bucket's collective of iteration t has ended (collectives run one at a time, in bucket order, as NCCL's one stream). */
  turn(iteration: number): SimEvent<unknown>;
  /** This bucket's collective of iteration t has ended. */
  turnEnded(iteration: number): void;
}

/**
 * The workers' compute of a bucketed run, layer by layer (Li et al.,
 * "PyTorch Distributed", VLDB 2020 §3.2): worker i's step t starts when it
 * holds every bucket of step t − 1, then runs the forward pass (with the
 * step overhead), then each bucket's backward pass followed by its
 * compression, in backward order: the bucket's copy compresses when the
 * gradients are ready and reports the seconds its message's work took
 * ({@link ComputeGate.compressed}), which the timeline charges before its
 * next segment. With `overlap`, a bucket is ready when its own segment
 * ends, so its communication runs while the layers below it still compute;
 * without, every bucket's gradients are ready when the whole backward pass
 * ends and every bucket is sent when all are compressed. The segments sum to
 * the unbucketed step time: computeTimeS(forward + backward FLOPs) × the
 * step's heterogeneity factor, plus the compressions. Each segment is charged
 * to the energy ledger when it ends.
 */
export class ComputeTimeline {
  /** Rendezvous events by key, until both their signal and their wait have happened. */
  private readonly events = new Map<string, SimEvent<unknown>>();
  private readonly waited = new Set<string>();
  private readonly doneCount = new Map<string, number>();
  private readonly forwardFlops: number;

  /**
   * @param s the whole scheme's setup (workers, devices, heterogeneity, workload)
   * @param buckets the plan, in backward order
   * @param selectionSeconds seconds of worker i's a-priori selection passes over bucket b (charged for {@link ComputeGate.ready})
   */
  constructor(
    private readonly s: SchemeSetup,
    private readonly buckets: readonly Bucket[],
    private readonly selectionSeconds: (bucket: number, worker: number) => number,
    private readonly overlap: boolean,
  ) {
    let forward = 0;
    for (const l of s.workload.layers) forward += l.forwardFlops;
    this.forwardFlops = forward;
  }

  /** The gate bucket b's copy of the scheme uses. */
  gate(b: number): ComputeGate {
    const env = this.s.env;
    const gradients = (i: number, t: number) => this.wait(`gradients/${i}/${t}/${b}`);
    const compressed = (i: number, t: number, seconds: number) => {
      this.signal(`compressed/${i}/${t}/${b}`, seconds);
      return this.wait(`charged/${i}/${t}/${b}`);
    };
    const selection = this.selectionSeconds;
    return {
      ready: (i, t) =>
        env.process(
          (function* () {
            yield gradients(i, t);
            yield compressed(i, t, selection(b, i));
          })(),
          `b${b}/worker/${i}/ready/${t}`,
        ),
      gradients,
      compressed,
      done: (i, t) => {
        const key = `${i}/${t}`;
        const n = (this.doneCount.get(key) ?? 0) + 1;
        this.doneCount.set(key, n);
        if (n === this.buckets.length) {
          this.doneCount.delete(key);
          this.signal(`done/${key}`);
        }
      },
      turn: (t) => (b === 0 ? this.s.env.timeout(0) : this.wait(`turn/${t}/${b - 1}`)),
      turnEnded: (t) => {
        if (b < this.buckets.length - 1) this.signal(`turn/${t}/${b}`);
      },
    };
  }

  /** Start every worker's compute process. */
  start(): void {
    this.s.workers.forEach((node, i) => this.s.env.process(this.worker(i), `${node.name}/compute`));
  }

  private *worker(i: number): ProcessGenerator<void> {
    const { s } = this;
    const device = s.workerDevices[i]!;
    const name = s.workers[i]!.name;
    const charge = function* (seconds: number): ProcessGenerator<void> {
      yield s.env.timeout(seconds);
      s.network.ledger.addCompute(name, seconds, device.computeW);
    };
    for (let t = 1; t <= s.iterations; t++) {
      if (t > 1) yield this.wait(`done/${i}/${t - 1}`);
      const factor = stepFactor(s.heterogeneity, s.computeStreams[i]!);
      yield* charge(computeTimeS(device, this.forwardFlops) * factor);
      for (const [b, bucket] of this.buckets.entries()) {
        yield* charge((bucket.backwardFlops / device.flopsPerS) * factor);
        if (!this.overlap) continue;
        // the copy compresses now and says what its message's work took
        this.signal(`gradients/${i}/${t}/${b}`);
        const seconds = (yield this.wait(`compressed/${i}/${t}/${b}`)) as number;
        if (seconds > 0) yield* charge(seconds);
        this.signal(`charged/${i}/${t}/${b}`);
      }
      if (!this.overlap) {
        for (let b = 0; b < this.buckets.length; b++) this.signal(`gradients/${i}/${t}/${b}`);
        for (let b = 0; b < this.buckets.length; b++) {
          const seconds = (yield this.wait(`compressed/${i}/${t}/${b}`)) as number;
          if (seconds > 0) yield* charge(seconds);
        }
        for (let b = 0; b < this.buckets.length; b++) this.signal(`charged/${i}/${t}/${b}`);
      }
    }
  }

  /** The event `key`; forgotten once it has been both waited for and signalled. */
  private wait(key: string): SimEvent<unknown> {
    const e = this.event(key);
    if (e.triggered) this.events.delete(key);
    else this.waited.add(key);
    return e;
  }

  private signal(key: string, value?: unknown): void {
    this.event(key).succeed(value);
    if (this.waited.delete(key)) this.events.delete(key);
  }

  private event(key: string): SimEvent<unknown> {
    let e = this.events.get(key);
    if (e === undefined) {
      e = this.s.env.event(key);
      this.events.set(key, e);
    }
    return e;
  }
}
