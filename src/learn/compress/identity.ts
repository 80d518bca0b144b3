import { BaseCompressor, type CompressorOptions } from './compressor.js';
import { precisionCode } from './budgeted.js';
import type { MessageDraft, ValueCode } from './message.js';

/** Options of {@link Identity}. */
export interface IdentityOptions extends CompressorOptions {
  /** Bits per value on the wire: 32 (default) or 64. */
  readonly precision?: 32 | 64;
}

/**
 * No compression: the full vector, dense (bits = 32·d, or 64·d with
 * precision 64). The dense baseline. Name "identity" (fp64: "identity(fp64)").
 *
 * The message's values are this compressor's own buffer, overwritten by its
 * next `compress`: a fresh dense vector per message would be a d-sized
 * allocation every iteration for every worker. Every scheme consumes a
 * worker's message within the round it was sent in, before that worker
 * compresses again; copy the values to keep them longer.
 */
export class Identity extends BaseCompressor {
  readonly name: string;
  /** Its message is the vector itself (float32 values; precision 64 only prices them wider). */
  readonly lossless = true;
  private readonly valueCode: ValueCode;
  private buffer: Float32Array | undefined;

  /** @param dim dimension d */
  constructor(dim: number, options: IdentityOptions = {}) {
    super(dim, options);
    this.valueCode = precisionCode(options.precision);
    this.name = this.valueCode.kind === 'fp32' ? 'identity' : 'identity(fp64)';
  }

  /** Sends the vector as is. */
  override get selectionPasses(): number {
    return 0;
  }

  protected doCompress(g: Float32Array): MessageDraft {
    const values = (this.buffer ??= new Float32Array(this.dim));
    values.set(g);
    return { kind: 'dense', dim: this.dim, values, valueCode: this.valueCode };
  }
}
