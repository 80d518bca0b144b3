import * as msg from '../messages.js';
import type { FeatureRows } from './features.js';

/**
 * What the linear and logistic models share: a loss of the linear predictor
 * m = Xw, F(w) = mean_i ℓ(x_i·w, y_i) + λ/2‖w‖², with its gradient in closed
 * form, (1/n) Xᵀℓ′(Xw, y) + λw — over dense or CSR rows (`features.ts`).
 *
 * Host JavaScript, not TensorFlow.js, decided by measurement (Node 20, wasm
 * backend, one core, dense 16 000 × 2 000 logistic regression, 2 000 test rows):
 * - a mini-batch gradient took 150–200 µs at b = 8 and 650–730 µs at b = 32
 *   through tfjs (batch tensors, kernel set-up, disposal per call) against
 *   26 µs and 80 µs as loops here — and SGD calls it once per worker per iteration;
 * - over all samples the wasm kernels (SIMD) were faster: loss 5 ms, full
 *   gradient 10–12 ms, an evaluation (loss, full gradient, test accuracy)
 *   16–19 ms against 23 ms, 17 ms (after the loss: its margins are reused)
 *   and 44–48 ms here. But they needed the data on the device as X and Xᵀ,
 *   and a host copy for the mini-batches: peak RSS 987 MB against 247 MB
 *   here on the one copy the data set holds, plus 1.8 s to upload. Sparse
 *   rows have no efficient tfjs form at all.
 * Results are deterministic: fixed summation order, float64 accumulation,
 * one rounding to float32 per output coordinate, independent of the backend.
 */

/** A per-sample loss ℓ(m, y) of the linear predictor m = x·w, and its slope ∂ℓ/∂m. */
export interface SampleLoss {
  /** ℓ(m, y). */
  value(m: number, y: number): number;
  /** ℓ′(m, y) = ∂ℓ/∂m. */
  slope(m: number, y: number): number;
}

/** Logistic loss, labels ±1: ℓ(m, y) = log(1 + exp(−y·m)), ℓ′ = −y·σ(−y·m). Both evaluated without overflow. */
export const logisticLoss: SampleLoss = {
  value(m, y) {
    const z = -y * m;
    return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  },
  slope(m, y) {
    const z = -y * m;
    // σ(z), from exp of a non-positive number either way
    const s = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    return -y * s;
  },
};

/** Squared loss: ℓ(p, y) = ½(p − y)², ℓ′ = p − y. */
export const squaredLoss: SampleLoss = {
  value(p, y) {
    return 0.5 * (p - y) * (p - y);
  },
  slope(p, y) {
    return p - y;
  },
};

/**
 * The objective F(w) = mean_i ℓ(x_i·w, y_i) + λ/2‖w‖² over one set of rows,
 * its mini-batch and full gradients. Holds references to the rows and the
 * targets (no copies) and its work buffers: from the first gradient on, a
 * float64 accumulator of length d (all zeros between calls); from the first
 * `margins` on, the last w and its margins Xw, so that `fullGradient(w)` after
 * `objective(w)` at the same w makes one pass over the data, not two.
 */
export class GlmObjective {
  /** Number of parameters d. */
  readonly dim: number;
  /** Number of rows n. */
  readonly n: number;
  /** Σ ℓ′·x of the current gradient; all zeros between calls; allocated by the first gradient (a test set never needs it). */
  private accBuffer: Float64Array | undefined;
  /** ℓ′ of each row of the current mini-batch (grows to the largest batch seen). */
  private coefs = new Float64Array(64);
  private lastW: Float32Array | undefined;
  private lastMargins: Float64Array | undefined;

  constructor(
    readonly x: FeatureRows,
    readonly y: Float32Array,
    readonly l2: number,
    readonly loss: SampleLoss,
  ) {
    if (y.length !== x.rows) throw new RangeError(msg.dimensionMismatch('labels', y.length, x.rows));
    this.dim = x.cols;
    this.n = x.rows;
  }

  /**
   * (1/b) Σ_{i∈indices} ℓ′(x_i·w, y_i) x_i + λw (repeats counted with
   * multiplicity), written into `out` (length d; must not be `w`) when given,
   * else into a new array, and returned. O(b·(entries per row) + d): the + d
   * is the λw term and the write of `out`. Indices are not checked here.
   */
  batchGradient(w: Float32Array, indices: Int32Array | readonly number[], out?: Float32Array): Float32Array {
    if (out !== undefined && out.length !== this.dim) throw new RangeError(msg.dimensionMismatch('gradient buffer', out.length, this.dim));
    const { x, y, loss } = this;
    const b = indices.length;
    if (this.coefs.length < b) this.coefs = new Float64Array(b);
    const coefs = this.coefs;
    for (let k = 0; k < b; k++) {
      const i = indices[k] as number;
      coefs[k] = loss.slope(x.dot(i, w), y[i] as number);
    }
    x.addRows(indices, coefs, b, this.acc());
    return this.finish(w, indices.length, out ?? new Float32Array(this.dim));
  }

  /**
   * ∇F(w) over all rows: (1/n) Xᵀℓ′(Xw, y) + λw, a new array. Reuses the
   * margins of the last `objective(w)` at the same w; else computes them in
   * the same pass over the data and keeps them, so `objective(w)` after it
   * is free (one pass for both, where two calls the other way round take two).
   */
  fullGradient(w: Float32Array): Float32Array {
    const { y, loss } = this;
    if (this.hasMarginsOf(w)) {
      const m = this.lastMargins!;
      const s = new Float64Array(this.n);
      for (let i = 0; i < this.n; i++) s[i] = loss.slope(m[i] as number, y[i] as number);
      this.x.addTransposeTimes(s, this.acc());
    } else {
      const m = this.marginsBuffer();
      this.x.marginsAndAddTranspose(w, (margin, i) => loss.slope(margin, y[i] as number), m, this.acc());
      this.lastW!.set(w);
    }
    return this.finish(w, this.n, new Float32Array(this.dim));
  }

  /** F(w) = mean_i ℓ(x_i·w, y_i) + λ/2‖w‖², in float64. */
  objective(w: Float32Array): number {
    const m = this.margins(w);
    let sum = 0;
    for (let i = 0; i < this.n; i++) sum += this.loss.value(m[i] as number, this.y[i] as number);
    const data = sum / this.n;
    if (this.l2 === 0) return data;
    let sq = 0;
    for (let j = 0; j < w.length; j++) sq += (w[j] as number) * (w[j] as number);
    return data + (this.l2 / 2) * sq;
  }

  /**
   * Xw (float64, length n) — the model's own buffer, valid until the next
   * call. Recomputed unless w equals (element by element) the w of the last
   * call, so callers may mutate w in place between calls.
   */
  margins(w: Float32Array): Float64Array {
    if (this.hasMarginsOf(w)) return this.lastMargins!;
    const m = this.marginsBuffer();
    this.x.margins(w, m);
    this.lastW!.set(w);
    return m;
  }

  /** Whether the kept margins are those of w (same values). */
  private hasMarginsOf(w: Float32Array): boolean {
    return this.lastW !== undefined && this.lastMargins !== undefined && sameValues(this.lastW, w);
  }

  /** The margins buffer, to be overwritten (its w is forgotten until `lastW` is set). */
  private marginsBuffer(): Float64Array {
    this.lastW ??= new Float32Array(this.dim);
    this.lastMargins ??= new Float64Array(this.n);
    return this.lastMargins;
  }

  private acc(): Float64Array {
    this.accBuffer ??= new Float64Array(this.dim);
    return this.accBuffer;
  }

  /**
   * out = acc·(1/count) + λw, one rounding to float32 per coordinate (a
   * multiplication, not a division: at d = 10⁶ the pass is the + d of every
   * sparse mini-batch gradient); zeroes acc for the next call.
   */
  private finish(w: Float32Array, count: number, out: Float32Array): Float32Array {
    const acc = this.acc();
    const l2 = this.l2;
    const scale = 1 / count;
    if (l2 === 0) {
      for (let j = 0; j < acc.length; j++) {
        out[j] = (acc[j] as number) * scale;
        acc[j] = 0;
      }
    } else {
      for (let j = 0; j < acc.length; j++) {
        out[j] = (acc[j] as number) * scale + l2 * (w[j] as number);
        acc[j] = 0;
      }
    }
    return out;
  }
}

/** Whether two vectors hold the same numbers (NaN never matches, so a NaN w is always recomputed). */
function sameValues(a: Float32Array, b: Float32Array): boolean {
  for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return false;
  return true;
}
