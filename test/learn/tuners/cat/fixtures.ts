/** Vectors and costs the CAT tuner and compressor tests share. */
import { Encoding } from '../../../../src/learn/encoding/encoding.js';
import type { ReferenceModel } from '../../../../src/learn/tuners/cat/reference-cost.js';
import { RandomStreams } from '../../../../src/sim/random.js';

const streams = new RandomStreams(5, 0);

/** A heavy-tailed vector (5 % of the coordinates ×20), from the stream `name`. */
export function heavy(d: number, name: string): Float32Array {
  const s = streams.stream(name);
  return Float32Array.from({ length: d }, () => s.normal() * (s.uniform() < 0.05 ? 20 : 1));
}

/** CAT's packet model with Experiment 2's constants: c1 = 576 B, c0 = 64 B, Pmax = 512 B (eq. 6). */
export const PACKET: ReferenceModel = { kind: 'packet', c1: 576 * 8, c0: 64 * 8, pMaxBits: 512 * 8 };
/** An affine model: one bit per payload bit plus a 54-byte header. */
export const AFFINE: ReferenceModel = { kind: 'affine', c1: 1, c0: 54 * 8 };
/** CAT eq. 5's packed indices. */
export const packed = new Encoding({ indices: 'packed' });
