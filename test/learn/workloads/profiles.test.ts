import { describe, expect, it } from 'vitest';
import { BUNDLED_PROFILES, PROFILE_NAMES, ProfileError, parseProfile, profileDim, profileFlopsPerSample } from '../../../src/learn/workloads/profiles/index.js';

describe('bundled workload profiles', () => {
  it('include the papers’ models and the datacenter ones', () => {
    for (const name of ['resnet20', 'resnet18', 'resnet50', 'vgg16', 'lstm-ptb', 'bert-base', 'gpt2-small']) expect(PROFILE_NAMES).toContain(name);
  });

  it('sum to the published parameter counts (exact where the reference implementation gives one)', () => {
    const exact: Record<string, number> = {
      resnet18: 11_689_512, // torchvision
      resnet50: 25_557_032, // torchvision
      'bert-base': 109_482_240, // Hugging Face BertModel
      'gpt2-small': 124_439_808, // Hugging Face gpt2 (tied head)
      'gpt2-xl': 1_557_611_200, // Hugging Face gpt2-xl
    };
    for (const [name, n] of Object.entries(exact)) expect(profileDim(BUNDLED_PROFILES[name]!), name).toBe(n);
    // the papers round: ResNet-20 0.27 M, VGG-16 (CIFAR) 14.7 M, LSTM-PTB 66 M
    expect(profileDim(BUNDLED_PROFILES['resnet20']!) / 0.27e6).toBeCloseTo(1, 2);
    expect(profileDim(BUNDLED_PROFILES['vgg16']!) / 14.7e6).toBeCloseTo(1, 2);
    expect(profileDim(BUNDLED_PROFILES['lstm-ptb']!) / 66e6).toBeCloseTo(1, 2);
    for (const p of Object.values(BUNDLED_PROFILES)) {
      expect(profileDim(p) / p.publishedParams, p.name).toBeGreaterThan(0.995);
      expect(profileDim(p) / p.publishedParams, p.name).toBeLessThan(1.005);
      expect(p.source.length, p.name).toBeGreaterThan(20);
    }
  });

  it('count the published FLOPs: ResNet-50 4.1 G multiply-adds, ResNet-18 1.8 G, GPT-2 small ≈ 2 × 85 M non-embedding parameters per token', () => {
    const flops = (n: string) => profileFlopsPerSample(BUNDLED_PROFILES[n]!);
    // He et al. 2016, Table 1: 3.8 × 10⁹ FLOPs (multiply-adds) for ResNet-50, 1.8 × 10⁹ for ResNet-18; torchvision's v1.5 stride placement gives 4.1
    expect(flops('resnet50').forward / 2 / 4.1e9).toBeCloseTo(1, 1);
    expect(flops('resnet18').forward / 2 / 1.8e9).toBeCloseTo(1, 1);
    // Kaplan et al. 2020, Table 1: forward ≈ 2N per token (N non-embedding parameters) plus attention over the context,
    // here both products QKᵀ and AV (2 × 2·n_layer·n_ctx·d), plus the LM head 2·d·V
    const gpt = flops('gpt2-small').forward / 1024;
    const N = 12 * 12 * 768 * 768;
    expect(gpt / (2 * N + 4 * 12 * 1024 * 768 + 2 * 768 * 50_257)).toBeCloseTo(1, 1);
    for (const p of Object.values(BUNDLED_PROFILES)) {
      const f = profileFlopsPerSample(p);
      expect(f.backward / f.forward, p.name).toBeGreaterThan(1.5);
      expect(f.backward / f.forward, p.name).toBeLessThan(2.01); // + an embedding’s scatter of gradient rows
    }
  });

  it('list layers in forward order: the input layer first, the classifier or head last', () => {
    expect(BUNDLED_PROFILES['resnet50']!.layers[0]!.name).toBe('conv1');
    expect(BUNDLED_PROFILES['resnet50']!.layers.at(-1)!.name).toBe('fc');
    expect(BUNDLED_PROFILES['gpt2-small']!.layers[0]!.name).toBe('wte');
  });
});

describe('a user’s profile table', () => {
  const ok = `name: tiny
source: "Me, my model, 2026"
layers:
  - { name: embed, params: 1000, forwardFlops: 0 }
  - { name: fc, params: 2010, forwardFlops: 4000, backwardFlops: 7000 }
`;

  it('reads layers in order, backward FLOPs defaulting to 2 × forward', () => {
    const p = parseProfile(ok, 'tiny.yaml');
    expect(profileDim(p)).toBe(3010);
    expect(p.layers.map((l) => l.backwardFlops)).toEqual([0, 7000]);
    expect(p.publishedParams).toBe(3010);
  });

  it('names the file, the field path, what was expected and what was given', () => {
    const bad = ok.replace('params: 2010', 'params: -5').replace('forwardFlops: 0', 'forwardFlops: "lots"');
    const err = (() => {
      try {
        parseProfile(bad, 'tiny.yaml');
      } catch (e) {
        return e as ProfileError;
      }
      throw new Error('no error');
    })();
    expect(err).toBeInstanceOf(ProfileError);
    expect(err.message).toContain('tiny.yaml: layers[1].params: expected a value ≥ 0, given -5');
    expect(err.message).toContain('tiny.yaml: layers[0].forwardFlops: expected a number, given "lots"');
    expect(() => parseProfile('name: x\nsource: y\nlayers: []\n', 'e.yaml')).toThrow('e.yaml: layers: expected at least 1 entries, given []');
    expect(() => parseProfile('name: [', 'broken.yaml')).toThrow(/^broken\.yaml: YAML: /);
  });
});
