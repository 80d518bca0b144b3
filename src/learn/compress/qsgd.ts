import * as msg from '../messages.js';
import type { RandomStream } from '../../sim/random.js';
import { BaseCompressor, type CompressorOptions } from './compressor.js';
import { qsgdValue, type MessageDraft } from './message.js';

/** Largest level count accepted (levels fit comfortably in an Int32Array and in a 25-bit field). */
export const QSGD_MAX_LEVELS = 2 ** 24;

/** Options of {@link Qsgd}. */
export interface QsgdOptions extends CompressorOptions {
  /** Number of levels s (integer in [1, 2^24]); s = 1 is ternary {−‖g‖, 0, +‖g‖}. */
  readonly levels: number;
  /** The compressor's own random stream (one uniform per coordinate with a fractional level, in index order). */
  readonly rng: RandomStream;
}

/**
 * QSGD (Alistarh et al. 2017, "QSGD: Communication-efficient SGD via gradient
 * quantization and encoding", §3.1): Q_s(g)_i = ‖g‖₂·sign(g_i)·ξ_i(g, s)/s,
 * where with r = s·|g_i|/‖g‖₂ and ℓ = ⌊r⌋, ξ_i = ℓ + 1 with probability
 * r − ℓ and ℓ otherwise — stochastic rounding to the s+1 levels, so
 * E[Q_s(g)] = g (unbiased; ‖g‖ is taken as its fp32 value on both sides).
 *
 * Dense message, value code `qsgd`: one fp32 norm, then per coordinate a sign
 * bit and the level in ⌈log2(s+1)⌉ bits — fixed width, not the paper's Elias
 * coding: bits = 32 + d·(1 + ⌈log2(s+1)⌉). Decoded values are
 * fp32(norm·level/s) (see `qsgdValue`).
 */
export class Qsgd extends BaseCompressor {
  readonly name = 'qsgd';
  /** Level count s. */
  readonly levels: number;
  private readonly rng: RandomStream;

  /**
   * @param dim dimension d
   * @param options levels s (required), random stream (required), encoding
   */
  constructor(dim: number, options: QsgdOptions) {
    super(dim, options);
    const s = options.levels;
    if (!Number.isInteger(s) || s < 1 || s > QSGD_MAX_LEVELS) throw new RangeError(msg.qsgdLevelsInvalid(s));
    this.levels = s;
    this.rng = options.rng;
  }

  protected doCompress(g: Float32Array): MessageDraft {
    const d = this.dim;
    const s = this.levels;
    let sq = 0;
    for (let i = 0; i < d; i++) sq += (g[i] as number) * (g[i] as number);
    // fp32 norm ≥ every |g_i| (fround is monotone and each |g_i| is a float32), so r ≤ s.
    const norm = Math.fround(Math.sqrt(sq));
    const levels = new Int32Array(d);
    const values = new Float32Array(d);
    if (norm > 0) {
      for (let i = 0; i < d; i++) {
        const v = g[i] as number;
        if (v === 0) continue;
        const r = (Math.abs(v) / norm) * s;
        let level = Math.floor(r);
        const frac = r - level;
        if (frac > 0 && this.rng.uniform() < frac) level++;
        if (level > s) level = s;
        if (level === 0) continue; // stays +0: no −0 on the wire or in the values
        const signed = v < 0 ? -level : level;
        levels[i] = signed;
        values[i] = qsgdValue(norm, signed, s);
      }
    }
    return { kind: 'dense', dim: d, values, valueCode: { kind: 'qsgd', s, norm, levels } };
  }
}
