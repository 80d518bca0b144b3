import { describe, expect, it } from 'vitest';
import { DEVICE_PRESETS, computeTimeS } from '../../../src/learn/devices.js';
import {
  BUNDLED_PROFILES,
  PROFILE_NAMES,
  ProfileError,
  formatProfileProblem,
  parseProfile,
  profileDim,
  profileFlopsPerSample,
  type WorkloadProfile,
} from '../../../src/learn/workloads/profiles/index.js';
import { profileMessages } from '../../../src/learn/workloads/profiles/messages.js';

const profile = (name: string): WorkloadProfile => {
  const p = BUNDLED_PROFILES[name];
  if (p === undefined) throw new Error(`no bundled profile ${name}`);
  return p;
};
const names = (name: string): string[] => profile(name).layers.map((l) => l.name);
const layer = (name: string, layerName: string) => profile(name).layers.find((l) => l.name === layerName)!;

describe('bundled workload profiles', () => {
  it('are the papers’ models and the datacenter ones, named as scenarios name them', () => {
    expect(PROFILE_NAMES).toEqual(['resnet20', 'resnet18', 'resnet50', 'vgg16', 'vgg16-imagenet', 'lstm-ptb', 'bert-base', 'gpt2-small', 'gpt2-xl', 'gpt3-1.3b']);
    for (const p of Object.values(BUNDLED_PROFILES)) {
      expect(p.source.length, p.name).toBeGreaterThan(30);
      expect(p.publishedParamsSource.length, p.name).toBeGreaterThan(20);
      expect(p.sampleUnit, p.name).not.toBe('');
    }
  });

  it('sum exactly to the counts of the reference implementations', () => {
    const exact: Record<string, number> = {
      resnet20: 269_722, // the gTop-k authors' models/resnet.py (option A shortcuts)
      resnet18: 11_689_512, // torchvision
      resnet50: 25_557_032, // torchvision
      vgg16: 14_728_266, // the gTop-k authors' models/vgg.py (conv bias + BN, one 512 → 10 classifier)
      'vgg16-imagenet': 138_357_544, // torchvision
      'lstm-ptb': 66_034_000, // the gTop-k authors' models/lstm.py, vocabulary 10 000
      'bert-base': 110_106_428, // Hugging Face BertForPreTraining (decoder tied to the word embeddings)
      'gpt2-small': 124_439_808, // Hugging Face gpt2 (tied head)
      'gpt2-xl': 1_557_611_200, // Hugging Face gpt2-xl (tied head)
    };
    for (const [name, n] of Object.entries(exact)) {
      expect(profileDim(profile(name)), name).toBe(n);
      expect(profile(name).publishedParams, name).toBe(n);
    }
  });

  it('round to the counts the papers state, within the paper’s last digit', () => {
    // [profile, as stated, half a unit of the last stated digit]
    const stated: [string, number, number][] = [
      ['resnet20', 0.27e6, 0.005e6], // He et al. 2016, Table 6
      ['resnet18', 11.7e6, 0.05e6],
      ['resnet50', 25.6e6, 0.05e6],
      ['vgg16', 14.7e6, 0.05e6],
      ['vgg16-imagenet', 138e6, 0.5e6], // Simonyan & Zisserman, Table 2
      ['lstm-ptb', 66e6, 0.5e6],
      ['bert-base', 110e6, 0.5e6], // Devlin et al. §3
      ['gpt2-small', 124e6, 0.5e6],
      ['gpt3-1.3b', 1.3e9, 0.05e9], // Brown et al., Table 2.1
    ];
    for (const [name, n, half] of stated) expect(Math.abs(profileDim(profile(name)) - n), name).toBeLessThanOrEqual(half);
  });

  it('count a transformer’s parameters as the closed form does: V·d + L·d + n(12d² + 13d) + 2d with the head tied', () => {
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

  it('count forward FLOPs as 2 × multiply-adds: ResNet-50 4.1 G, ResNet-18 1.8 G, VGG-16 15.5 G (ImageNet) and 0.31 G (CIFAR-10)', () => {
    const macs = (name: string) => profileFlopsPerSample(profile(name)).forward / 2;
    // torchvision's published GFLOPS (multiply-adds of convs and linears): 4.09, 1.81, 15.47; elementwise layers add < 1 %
    expect(macs('resnet50') / 4.09e9).toBeGreaterThan(1);
    expect(macs('resnet50') / 4.09e9).toBeLessThan(1.01);
    expect(macs('resnet18') / 1.81e9).toBeGreaterThan(1);
    expect(macs('resnet18') / 1.81e9).toBeLessThan(1.01);
    expect(macs('vgg16-imagenet') / 15.47e9).toBeCloseTo(1, 2);
    // the CIFAR-10 VGG-16: Σ 9·cin·cout·h·w over the 13 convs + 512·10
    expect(macs('vgg16') / 313.2e6).toBeCloseTo(1, 2);
    // He et al. 2016, Table 1 states 3.8 G for ResNet-50 (stride on the 1×1 conv); torchvision v1.5 strides the 3×3, hence 4.1
    expect(macs('resnet50')).toBeGreaterThan(3.8e9);
  });

  it('count a sequence model’s forward FLOPs per token as 2 × its weights’ multiply-adds plus attention (Kaplan et al. 2020, Table 1)', () => {
    // LSTM-PTB: 2 layers × 4 gates × h × 2h, and the h × V decoder, per token
    const h = 1500;
    expect(profileFlopsPerSample(profile('lstm-ptb')).forward / 35 / (2 * (2 * 4 * h * 2 * h + h * 10_000))).toBeCloseTo(1, 2);
    // GPT-2 small: 2N (N = 12·12d² non-embedding weights), both attention products over the context, and the tied head 2dV
    const d = 768;
    const perToken = 2 * 12 * 12 * d * d + 2 * 2 * 12 * 1024 * d + 2 * d * 50_257;
    expect(profileFlopsPerSample(profile('gpt2-small')).forward / 1024 / perToken).toBeCloseTo(1, 1);
  });

  it('count backward as 2 × forward for layers with weights, 1 × the products for the first conv, a scatter for embeddings', () => {
    const fc = layer('resnet50', 'fc');
    expect(fc.backwardFlops).toBe(2 * fc.forwardFlops);
    const qkv = layer('gpt2-small', 'h.0.attn.c_attn');
    expect(qkv.backwardFlops).toBe(2 * qkv.forwardFlops);
    const conv1 = layer('resnet50', 'conv1'); // no gradient of the image
    const products = 2 * 7 * 7 * 3 * 64 * 112 * 112;
    expect(conv1.backwardFlops - products).toBe(2 * (conv1.forwardFlops - products));
    const wte = layer('gpt2-small', 'wte');
    expect(wte.forwardFlops).toBe(0);
    expect(wte.backwardFlops).toBe(1024 * 768);
    for (const p of Object.values(BUNDLED_PROFILES)) {
      const f = profileFlopsPerSample(p);
      expect(f.backward / f.forward, p.name).toBeGreaterThan(1.9);
      expect(f.backward / f.forward, p.name).toBeLessThanOrEqual(2.001); // + the embeddings' scatter
    }
  });

  it('list layers in forward order, as the reference implementation’s parameters(), each name once', () => {
    expect(names('resnet50').slice(0, 8)).toEqual(['conv1', 'maxpool', 'layer1.0.conv1', 'layer1.0.conv2', 'layer1.0.conv3', 'layer1.0.downsample', 'layer1.0.add', 'layer1.1.conv1']);
    expect(names('resnet50').slice(-2)).toEqual(['avgpool', 'fc']);
    expect(names('resnet20').slice(-2)).toEqual(['avgpool', 'classifier']);
    expect(names('vgg16').slice(0, 3)).toEqual(['conv1_1', 'conv1_2', 'pool1']);
    expect(names('vgg16-imagenet').slice(-3)).toEqual(['fc6', 'fc7', 'fc8']);
    expect(names('lstm-ptb')).toEqual(['word_embeddings', 'lstm.l0', 'lstm.l1', 'sm_fc']);
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
    for (const p of Object.values(BUNDLED_PROFILES)) expect(new Set(names(p.name)).size, p.name).toBe(p.layers.length);
  });
});

describe('large-model device presets', () => {
  it('sustain a stated fraction of their peak, each number with a source', () => {
    const peak: Record<string, number> = { v100: 125e12, a100: 312e12, h100: 989e12 };
    for (const [name, p] of Object.entries(peak)) {
      const d = DEVICE_PRESETS[name]!;
      expect(d.flopsPerS / p, name).toBeGreaterThan(0.25);
      expect(d.flopsPerS / p, name).toBeLessThan(0.5);
      for (const s of [d.flopsSource, d.overheadSource, d.powerSource, d.selectSource]) expect(s.length, name).toBeGreaterThan(20);
    }
    expect(DEVICE_PRESETS['phone-soc']!.computeW).toBeGreaterThan(0);
  });

  it('time a step as FLOPs over the sustained rate plus the step overhead', () => {
    const f = profileFlopsPerSample(profile('resnet50'));
    const step = 256 * (f.forward + f.backward);
    expect(computeTimeS(DEVICE_PRESETS['a100']!, step)).toBeCloseTo(step / 140e12 + 2e-3, 12);
  });
});

describe('a user’s profile table', () => {
  const ok = `name: tiny
source: "Me, my model, 2026"
layers:
  - { name: embed, params: 1000, forwardFlops: 0 }
  - { name: fc, params: 2010, forwardFlops: 4000, backwardFlops: 7000 }
  - { name: head, params: 20, forwardFlops: 80 }
`;
  const problems = (text: string, file = 'tiny.yaml') => {
    try {
      parseProfile(text, file);
    } catch (e) {
      expect(e).toBeInstanceOf(ProfileError);
      return e as ProfileError;
    }
    throw new Error('no error');
  };

  it('reads the layers in order, backward FLOPs defaulting to 2 × forward, the published count to the sum', () => {
    const p = parseProfile(ok, 'tiny.yaml');
    expect(p.layers.map((l) => l.name)).toEqual(['embed', 'fc', 'head']);
    expect(p.layers.map((l) => l.backwardFlops)).toEqual([0, 7000, 160]);
    expect(profileDim(p)).toBe(3030);
    expect(p.publishedParams).toBe(3030);
    expect(p.sampleUnit).toBe('sample');
    expect(profileFlopsPerSample(p)).toEqual({ forward: 4080, backward: 7160 });
  });

  it('names the file with the line and column, the field path, what was expected and what was given', () => {
    const err = problems(ok.replace('params: 2010', 'params: -5').replace('forwardFlops: 0', 'forwardFlops: "lots"'));
    expect(err.file).toBe('tiny.yaml');
    expect(err.problems).toEqual([
      { path: 'layers[0].forwardFlops', expected: 'a number', given: '"lots"', line: 4, col: 34 },
      { path: 'layers[1].params', expected: 'a number ≥ 0', given: 'number -5', line: 5, col: 17 },
    ]);
    expect(err.message).toBe(err.problems.map((p) => formatProfileProblem('tiny.yaml', p)).join('\n'));
    expect(err.message).toContain('tiny.yaml:5:17: layers[1].params: expected a number ≥ 0, given number -5');
  });

  it('says why a number written with separators is text, and what a misspelt field should be', () => {
    const err = problems(ok.replace('params: 2010', 'params: 2_010').replace('backwardFlops: 7000', 'backwardFlop: 7000'));
    expect(err.problems.map((p) => p.path)).toEqual(['layers[1].params', 'layers[1].backwardFlop']);
    expect(err.problems[0]!.hint).toBe(profileMessages.numberAsText('2_010'));
    expect(err.problems[1]!.hint).toBe('did you mean "backwardFlops"?');
    expect(problems(ok.replace('params: 20,', 'params: 2.5,')).problems[0]).toMatchObject({ path: 'layers[2].params', expected: 'a whole number', given: 'number 2.5' });
  });

  it('refuses duplicate layer names, a table without parameters, no layers, no mapping and bad YAML', () => {
    expect(problems(ok.replace('name: head', 'name: fc')).problems).toEqual([{ ...profileMessages.duplicateLayer(2, 'fc', 1), line: 6, col: 7 }]);
    const empty = 'name: x\nsource: y\nlayers:\n  - { name: a, params: 0, forwardFlops: 1 }\n';
    expect(problems(empty).problems).toEqual([{ ...profileMessages.noParameters(1), line: 3, col: 1 }]);
    expect(problems('name: x\nsource: y\nlayers: []\n').message).toBe('tiny.yaml:3:1: layers: expected at least 1 layer, given an empty list');
    expect(problems('- a\n').problems).toEqual([profileMessages.notAMapping(['a'])]);
    expect(problems('# nothing yet\n').problems[0]!.given).toBe('an empty file');
    expect(problems('name: [', 'broken.yaml').message).toMatch(/^broken\.yaml:1:\d+: \(top level\): expected valid YAML, given /);
    expect(problems('source: y\nlayers: []\n').problems[0]).toEqual({ path: 'name', expected: 'a string', given: 'nothing (the field is missing)' });
  });
});
