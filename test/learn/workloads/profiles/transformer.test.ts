import { describe, expect, it } from 'vitest';
import { profileDim, profileFlopsPerSample } from '../../../../src/learn/workloads/profile.js';
import { TRANSFORMER_PROFILES } from '../../../../src/learn/workloads/profiles/transformer.js';
import { lookup } from './fixtures.js';

const { profile, names, layer } = lookup(TRANSFORMER_PROFILES);

describe('transformer profiles', () => {
  it('sum exactly to the counts of the reference implementations', () => {
    const exact: Record<string, number> = {
      'bert-base': 110_106_428, // Hugging Face BertForPreTraining (decoder tied to the word embeddings)
      'gpt2-small': 124_439_808, // Hugging Face gpt2 (tied head)
      'gpt2-xl': 1_557_611_200, // Hugging Face gpt2-xl (tied head)
    };
    expect(TRANSFORMER_PROFILES.map((p) => p.name).sort()).toEqual([...Object.keys(exact), 'gpt3-1.3b'].sort());
    for (const [name, n] of Object.entries(exact)) {
      expect(profileDim(profile(name)), name).toBe(n);
      expect(profile(name).publishedParams, name).toBe(n);
    }
  });

  it('round to the counts the papers state, within the paper’s last digit', () => {
    // [profile, as stated, half a unit of the last stated digit]
    const stated: [string, number, number][] = [
      ['bert-base', 110e6, 0.5e6], // Devlin et al. §3
      ['gpt2-small', 124e6, 0.5e6],
      ['gpt3-1.3b', 1.3e9, 0.05e9], // Brown et al., Table 2.1
    ];
    for (const [name, n, half] of stated) expect(Math.abs(profileDim(profile(name)) - n), name).toBeLessThanOrEqual(half);
  });

  it('count parameters as the closed form does: V·d + L·d + n(12d² + 13d) + 2d with the head tied', () => {
    const gpt = (V: number, ctx: number, d: number, n: number) => V * d + ctx * d + n * (12 * d * d + 13 * d) + 2 * d;
    expect(profileDim(profile('gpt2-small'))).toBe(gpt(50_257, 1024, 768, 12));
    expect(profileDim(profile('gpt2-xl'))).toBe(gpt(50_257, 1024, 1600, 48));
    expect(profileDim(profile('gpt3-1.3b'))).toBe(gpt(50_257, 2048, 2048, 24));
    expect(layer('gpt2-small', 'lm_head (tied to wte)').params).toBe(0);
    // BERT's encoder (BertModel) and its pre-training heads: MLM transform, the decoder's own bias, next-sentence classifier
    const encoder = 30_522 * 768 + 512 * 768 + 2 * 768 + 2 * 768 + 12 * (12 * 768 * 768 + 13 * 768) + (768 * 768 + 768);
    expect(encoder).toBe(109_482_240);
    expect(profileDim(profile('bert-base'))).toBe(encoder + (768 * 768 + 768 + 2 * 768) + 30_522 + (768 * 2 + 2));
  });

  it('count forward FLOPs per token as 2 × the weights’ multiply-adds plus attention (Kaplan et al. 2020, Table 1)', () => {
    // GPT-2 small: 2N (N = 12·12d² non-embedding weights), both attention products over the context, and the tied head 2dV
    const d = 768;
    const perToken = 2 * 12 * 12 * d * d + 2 * 2 * 12 * 1024 * d + 2 * d * 50_257;
    // Kaplan's count is the matrix products alone; the profile adds the elementwise work (biases, GELU, layer norms,
    // softmax, the position add), a few FLOPs per activation and per attention score: more than the products, by
    // well under 1 % (softmax, 5 FLOPs a score over 12 heads × 1024 scores × 12 blocks, ~0.26 %; the rest ~0.19 %; measured 0.45 %).
    const ratio = profileFlopsPerSample(profile('gpt2-small')).forward / 1024 / perToken;
    expect(ratio).toBeGreaterThan(1);
    expect(ratio).toBeLessThan(1.01);
  });

  it('count backward as 2 × forward for layers with weights, a scatter for embeddings', () => {
    const qkv = layer('gpt2-small', 'h.0.attn.c_attn');
    expect(qkv.backwardFlops).toBe(2 * qkv.forwardFlops);
    const wte = layer('gpt2-small', 'wte');
    expect(wte.forwardFlops).toBe(0);
    expect(wte.backwardFlops).toBe(1024 * 768);
  });

  it('list layers in forward order, as the reference implementation’s parameters()', () => {
    expect(names('gpt2-small').slice(0, 4)).toEqual(['wte', 'wpe', 'h.0.ln_1', 'h.0.attn.c_attn']);
    expect(names('gpt2-small').slice(-2)).toEqual(['ln_f', 'lm_head (tied to wte)']);
    // BERT is post-LN: each sublayer's layer norm follows it
    const block = ['attention.self.qkv', 'attention.self.scores', 'attention.output.dense', 'attention.output.LayerNorm', 'intermediate.dense', 'output.dense', 'output.LayerNorm'];
    expect(names('bert-base').slice(4, 11)).toEqual(block.map((n) => `bert.encoder.layer.0.${n}`));
    expect(names('bert-base').slice(-5)).toEqual([
      'bert.pooler.dense',
      'cls.predictions.transform.dense',
      'cls.predictions.transform.LayerNorm',
      'cls.predictions.decoder (tied to bert.embeddings.word_embeddings)',
      'cls.seq_relationship',
    ]);
  });
});
