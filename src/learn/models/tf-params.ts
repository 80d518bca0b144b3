import * as tf from '@tensorflow/tfjs';
import type { RandomStream } from '../../sim/random.js';
import { heapBackend, hostValues } from './tf-tensors.js';

/**
 * How a parameter block is initialised by `ParamLayout.init`:
 * - `glorot-uniform`: U(−a, a), a = √(6 / (fanIn + fanOut)) (Glorot & Bengio 2010), for layers feeding a softmax;
 * - `he-uniform`: U(−a, a), a = √(6 / fanIn) (He et al. 2015), for layers feeding a ReLU;
 * - `zeros`: all zeros (biases).
 */
export type InitScheme = 'glorot-uniform' | 'he-uniform' | 'zeros';

/** One named tensor inside a flat parameter vector. */
export interface ParamBlock {
  /** Name for diagnostics, e.g. `dense1/kernel`. */
  readonly name: string;
  /** Tensor shape; the block's values are this tensor, row-major (last axis fastest). */
  readonly shape: readonly number[];
  /** Initialisation scheme. */
  readonly init: InitScheme;
  /** Fan-in (inputs per output unit), for the initialisers. */
  readonly fanIn: number;
  /** Fan-out (outputs per input unit), for the initialisers. */
  readonly fanOut: number;
}

/**
 * A dense layer `y = x·W + b`: kernel `W` of shape `[inputs, outputs]`
 * (row = input unit) followed by bias `b` of shape `[outputs]` (zeros at init).
 */
export function denseBlocks(name: string, inputs: number, outputs: number, init: InitScheme): ParamBlock[] {
  return [
    { name: `${name}/kernel`, shape: [inputs, outputs], init, fanIn: inputs, fanOut: outputs },
    { name: `${name}/bias`, shape: [outputs], init: 'zeros', fanIn: inputs, fanOut: outputs },
  ];
}

/**
 * A 2-D convolution (NHWC): filter of shape `[kh, kw, inChannels, outChannels]`
 * (tfjs layout) followed by bias `[outChannels]` (zeros at init). Fans follow
 * Keras: fanIn = kh·kw·in, fanOut = kh·kw·out.
 */
export function convBlocks(name: string, kh: number, kw: number, inChannels: number, outChannels: number, init: InitScheme): ParamBlock[] {
  const fanIn = kh * kw * inChannels;
  const fanOut = kh * kw * outChannels;
  return [
    { name: `${name}/kernel`, shape: [kh, kw, inChannels, outChannels], init, fanIn, fanOut },
    { name: `${name}/bias`, shape: [outChannels], init: 'zeros', fanIn, fanOut },
  ];
}

/**
 * The packing of a network's layer tensors into one flat Float32Array: blocks
 * are concatenated in the given order, each block row-major. This flat vector
 * is what compressors, schemes and error-feedback memories see.
 */
export class ParamLayout {
  /** The blocks, in packing order. */
  readonly blocks: readonly ParamBlock[];
  /** Offset of each block in the flat vector. */
  readonly offsets: readonly number[];
  /** Number of values of each block. */
  readonly sizes: readonly number[];
  /** Total number of parameters d. */
  readonly dim: number;

  constructor(blocks: readonly ParamBlock[]) {
    this.blocks = Object.freeze([...blocks]);
    const sizes = blocks.map((b) => b.shape.reduce((p, n) => p * n, 1));
    const offsets: number[] = [];
    let dim = 0;
    for (const size of sizes) {
      offsets.push(dim);
      dim += size;
    }
    this.sizes = Object.freeze(sizes);
    this.offsets = Object.freeze(offsets);
    this.dim = dim;
  }

  /**
   * Seeded initial parameters: block by block in packing order, value by
   * value row-major, one `stream.uniform()` draw per non-zero-initialised value.
   */
  init(stream: RandomStream): Float32Array {
    const w = new Float32Array(this.dim);
    this.blocks.forEach((block, k) => {
      const limit = initLimit(block);
      if (limit === 0) return;
      const start = this.offsets[k] as number;
      const end = start + (this.sizes[k] as number);
      for (let i = start; i < end; i++) w[i] = (2 * stream.uniform() - 1) * limit;
    });
    return w;
  }

  /**
   * One tensor per block, holding a copy of its slice of `w`. Call inside
   * `tf.tidy` (or dispose the result).
   */
  tensors(w: Float32Array): tf.Tensor[] {
    // The wasm backend copies into its heap on upload, so a view suffices; the
    // cpu backend would keep the caller's array itself, so it gets a copy.
    const copies = heapBackend() === undefined;
    return this.blocks.map((block, k) => {
      const start = this.offsets[k] as number;
      const end = start + (this.sizes[k] as number);
      return tf.tensor(copies ? w.slice(start, end) : w.subarray(start, end), [...block.shape], 'float32');
    });
  }

  /** The inverse of `tensors`: concatenate per-block tensors (e.g. gradients) into one flat vector. */
  flatten(parts: readonly tf.Tensor[]): tf.Tensor1D {
    return tf.concat(parts.map((p) => tf.reshape(p, [-1])) as tf.Tensor1D[]);
  }

  /**
   * The inverse of `tensors` on the host: each block tensor's values written
   * into its slice of `out` (no concatenation, and no copy but the write on
   * wasm and cpu: see `hostValues`). Returns `out`.
   */
  read(parts: readonly tf.Tensor[], out: Float32Array): Float32Array {
    parts.forEach((part, k) => out.set(hostValues(part), this.offsets[k] as number));
    return out;
  }

  /** One line per block: `name [shape] @offset+size (init)`, for documentation and diagnostics. */
  describe(): string[] {
    return this.blocks.map((b, k) => `${b.name} [${b.shape.join('×')}] @${this.offsets[k] as number}+${this.sizes[k] as number} (${b.init})`);
  }
}

function initLimit(block: ParamBlock): number {
  switch (block.init) {
    case 'glorot-uniform':
      return Math.sqrt(6 / (block.fanIn + block.fanOut));
    case 'he-uniform':
      return Math.sqrt(6 / block.fanIn);
    case 'zeros':
      return 0;
  }
}
