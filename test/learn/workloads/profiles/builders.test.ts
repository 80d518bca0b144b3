/**
 * The layer builders against parameter counts of the reference layers (PyTorch's nn.Conv2d, nn.Linear,
 * nn.LSTM, nn.Embedding, nn.LayerNorm) and FLOPs as 2 × multiply-adds plus the documented elementwise charges.
 */
import { describe, expect, it } from 'vitest';
import { attentionMixing, conv, elementwise, embedding, layerNorm, linear, lstm, tiedTo } from '../../../../src/learn/workloads/profiles/builders.js';

describe('layer builders', () => {
  it('conv: k²·cin·cout weights, + cout for a bias, + 2·cout for batch norm; 2·k²·cin·cout·H·W forward FLOPs + elementwise', () => {
    // VGG-16's conv1_1: 3×3, 3 → 64, bias, on 224×224: 1 792 parameters, 86 704 128 multiply-adds
    const c = conv('conv1_1', 3, 3, 64, 224, 224, { bias: true, first: true });
    expect(c.params).toBe(1792);
    expect(c.forwardFlops).toBe(2 * 86_704_128 + (1 + 1) * 64 * 224 * 224); // bias and ReLU per output
    // first layer: the weight gradient only (2·macs), elementwise backward 2 ×
    expect(c.backwardFlops).toBe(2 * 86_704_128 + 2 * 2 * 64 * 224 * 224);
    // a ResNet 3×3, 64 → 64 conv with batch norm, no bias: 36 864 + 128
    const r = conv('layer1.0.conv1', 3, 64, 64, 56, 56, { bn: true });
    expect(r.params).toBe(36_992);
    const macs = 36_864 * 56 * 56;
    expect(r.forwardFlops).toBe(2 * macs + (4 + 1) * 64 * 56 * 56);
    expect(r.backwardFlops).toBe(4 * macs + 2 * (4 + 1) * 64 * 56 * 56); // weight and input gradients
    expect(conv('x', 1, 8, 8, 1, 1, { relu: false }).forwardFlops).toBe(2 * 64);
  });

  it('linear: inputs·outputs + outputs parameters; VGG-16 fc6, fc7, fc8 are 102 764 544, 16 781 312, 4 097 000', () => {
    expect(linear('fc6', 25_088, 4096).params).toBe(102_764_544);
    expect(linear('fc7', 4096, 4096).params).toBe(16_781_312);
    expect(linear('fc8', 4096, 1000).params).toBe(4_097_000);
    expect(linear('fc', 10, 4, 1, { bias: false }).params).toBe(40);
    // at 5 tokens with GELU: 2·10·4·5 products, (bias 1 + GELU 8) per output
    const l = linear('ffn', 10, 4, 5, { activation: 'gelu' });
    expect(l.forwardFlops).toBe(400 + 9 * 20);
    expect(l.backwardFlops).toBe(800 + 2 * 9 * 20);
  });

  it('lstm: 4·h·(in + h) + 8·h parameters as nn.LSTM (two bias vectors): 2 560 for 10 → 20, 18 012 000 for 1500 → 1500', () => {
    expect(lstm('l', 10, 20, 1).params).toBe(2560);
    expect(lstm('l', 1500, 1500, 35).params).toBe(18_012_000);
    // per step: four gates of (in + h)·h multiply-adds
    expect(lstm('l', 10, 20, 3).forwardFlops).toBe(2 * 4 * 20 * 30 * 3 + 18 * 20 * 3);
  });

  it('embedding and layer norm: rows·width and 2·width parameters; BERT-base’s word embeddings 23 440 896', () => {
    const e = embedding('word', 30_522, 768, 512);
    expect(e.params).toBe(23_440_896);
    expect([e.forwardFlops, e.backwardFlops]).toEqual([0, 512 * 768]); // a lookup; backward scatters a row per token
    expect(embedding('pos', 512, 768, 512, true).forwardFlops).toBe(512 * 768); // added to the token embedding
    expect(layerNorm('ln', 768, 1).params).toBe(1536);
  });

  it('attention mixing: no parameters; QKᵀ and AV are 2·L²·width FLOPs each, plus the softmax per score and head', () => {
    const a = attentionMixing('attn', 768, 12, 1024);
    expect(a.params).toBe(0);
    expect(a.forwardFlops).toBe(4 * 1024 * 1024 * 768 + 5 * 12 * 1024 * 1024);
    expect(a.backwardFlops).toBe(2 * a.forwardFlops);
  });

  it('elementwise layers have no parameters; a tied layer keeps its FLOPs and gives its weights to the owner', () => {
    expect(elementwise('add', 100, 1)).toEqual({ name: 'add', params: 0, forwardFlops: 100, backwardFlops: 200 });
    const head = tiedTo('wte', linear('lm_head', 768, 50_257, 1, { bias: false }));
    expect(head).toEqual({ name: 'lm_head (tied to wte)', params: 0, forwardFlops: 2 * 768 * 50_257, backwardFlops: 4 * 768 * 50_257 });
  });
});
