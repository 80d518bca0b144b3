import { describe, expect, it } from 'vitest';
import { makeAlistarhCompressor } from '../../../src/learn/compress/alistarh.js';
import { TopK } from '../../../src/learn/compress/topk.js';
import { TopKSign } from '../../../src/learn/compress/topk-sign.js';
import { Encoding } from '../../../src/learn/encoding/encoding.js';
import { RandomStreams } from '../../../src/sim/random.js';
import { alistarhReference as reference } from '../tuners/cat/brute-force.js';

const streams = new RandomStreams(8, 0);

describe("Alistarh et al.'s dynamic rule as a compressor (CAT §6's baseline)", () => {
  it('makeAlistarhCompressor: Top-k sign with Lemma 3’s step (quantize, default) or plain Top-k', () => {
    const d = 4000;
    const s = streams.stream('alistarh/compressor');
    const g = Float32Array.from({ length: d }, () => s.normal());
    const packed = new Encoding({ indices: 'packed' });
    const T = reference(g);
    const sq = makeAlistarhCompressor({ dim: d, encoding: packed });
    expect(sq.compress(g)).toEqual(new TopKSign(d, { k: T }, { scale: 'mean', encoding: packed }).compress(g));
    const plain = makeAlistarhCompressor({ dim: d, quantize: false });
    expect(plain.compress(g)).toEqual(new TopK(d, { k: T }).compress(g));
  });
});
