import * as msg from '../messages.js';
import type { RandomStreams } from '../../sim/random.js';
import { BudgetedCompressor, precisionCode } from './budgeted.js';
import type { Budget, BudgetTuner } from './budget.js';
import type { CompressContext, CompressorOptions } from './compressor.js';
import type { Indexing, MessageDraft, ValueCode } from './message.js';
import { sharedRandomIndices } from './shared-indices.js';

/** Options of {@link RandK}. */
export interface RandKOptions extends CompressorOptions {
  /**
   * The (seed, run) the index streams derive from. The worker and the
   * receiver must hold the same (seed, run) — e.g. the scenario's streams.
   */
  readonly streams: RandomStreams;
  /** Stream name prefix; default "randk". */
  readonly stream?: string;
  /**
   * Whose index set: `shared` (default) — every worker uses the same set in
   * an iteration (stream `<prefix>/iteration/<t>`), so messages can be summed
   * coordinate-wise (all-reduce friendly); `per-worker` — each worker its own
   * (stream `<prefix>/worker/<w>/iteration/<t>`).
   */
  readonly scope?: 'shared' | 'per-worker';
  /**
   * Scale the kept values by d/k so that E[C(g)] = g (default true). Turn
   * off under error feedback: unscaled Rand-k is a contraction (δ = k/d;
   * Stich et al. 2018) and its residual is exactly the unsent coordinates.
   */
  readonly unbiased?: boolean;
  /** Bits per value: 32 (default) or 64. */
  readonly precision?: 32 | 64;
}

/** The stream name Rand-k's indices for `iteration` (and `worker`, when per-worker) come from. */
export function randKStreamName(prefix: string, iteration: number, worker?: number): string {
  return worker === undefined ? `${prefix}/iteration/${iteration}` : `${prefix}/worker/${worker}/iteration/${iteration}`;
}

/**
 * Rand-k sparsification with seeded shared indices: k coordinates chosen
 * uniformly without replacement from a random stream that the receiver can
 * recreate — `(seed, run, "<prefix>/iteration/<t>")`, t being the
 * context's iteration — so the message sends no index bits (indexing
 * `shared-seed`; the receiver calls `sharedRandomIndices(message.indexing, d, k)`
 * or {@link RandK.indicesFor}). Only the header (if any) and the k values are
 * priced. Values are g_i·d/k (unbiased, default) or g_i.
 */
export class RandK extends BudgetedCompressor {
  readonly name: string;
  private readonly streams: RandomStreams;
  private readonly prefix: string;
  private readonly scope: 'shared' | 'per-worker';
  private readonly unbiased: boolean;
  private readonly valueCode: ValueCode;

  /**
   * @param dim dimension d
   * @param budget `{ k }`, `{ ratio }` or a budget tuner
   * @param options the shared streams (required), stream prefix, scope, scaling, precision, encoding
   */
  constructor(dim: number, budget: Budget | BudgetTuner, options: RandKOptions) {
    const valueCode = precisionCode(options.precision);
    const scope = options.scope ?? 'shared';
    if (scope !== 'shared' && scope !== 'per-worker') throw new RangeError(msg.optionInvalid('scope', String(scope), ['shared', 'per-worker']));
    super(dim, budget, { ...options, layout: { value: valueCode.kind, indexing: { kind: 'shared-seed', seed: 0, run: 0, stream: '' } } });
    this.streams = options.streams;
    this.prefix = options.stream ?? 'randk';
    this.scope = scope;
    this.unbiased = options.unbiased ?? true;
    this.valueCode = valueCode;
    this.name = this.unbiased ? 'randk' : 'randk(unscaled)';
  }

  /** Its indices come from a shared seed, not from the vector. */
  override get selectionPasses(): number {
    return 0;
  }

  /** The shared-seed indexing of the message for (iteration, worker). */
  indexingFor(iteration: number, worker = 0): Extract<Indexing, { kind: 'shared-seed' }> {
    const stream = randKStreamName(this.prefix, iteration, this.scope === 'per-worker' ? worker : undefined);
    return { kind: 'shared-seed', seed: this.streams.seed, run: this.streams.run, stream };
  }

  /** The k indices of (iteration, worker) — what the receiver derives on its side. */
  indicesFor(iteration: number, k: number, worker = 0): Int32Array {
    return sharedRandomIndices(this.indexingFor(iteration, worker), this.dim, k);
  }

  protected doCompressK(g: Float32Array, k: number, context: CompressContext): MessageDraft {
    const indexing = this.indexingFor(context.iteration, context.worker);
    const indices = sharedRandomIndices(indexing, this.dim, k);
    const factor = this.unbiased ? this.dim / k : 1;
    const values = new Float32Array(k);
    for (let j = 0; j < k; j++) values[j] = (g[indices[j] as number] as number) * factor;
    return { kind: 'sparse', dim: this.dim, indices, indexing, values, valueCode: this.valueCode };
  }
}
