import { describe, expect, it } from 'vitest';
import { BUNDLED_PROFILES, PROFILE_NAMES, profileFlopsPerSample } from '../../../../src/learn/workloads/profiles/index.js';

/** The bundled set as a whole; each module's counts, FLOPs and layer order are in resnet, vgg, lstm and transformer.test.ts. */
describe('bundled workload profiles', () => {
  it('are the papers’ models and the datacenter ones, named as scenarios name them', () => {
    expect(PROFILE_NAMES).toEqual(['resnet20', 'resnet18', 'resnet50', 'vgg16', 'vgg16-imagenet', 'lstm-ptb', 'bert-base', 'gpt2-small', 'gpt2-xl', 'gpt3-1.3b']);
    for (const p of Object.values(BUNDLED_PROFILES)) {
      expect(p.source.length, p.name).toBeGreaterThan(30);
      expect(p.publishedParamsSource.length, p.name).toBeGreaterThan(20);
      expect(p.sampleUnit, p.name).not.toBe('');
    }
  });

  it('count backward as 2 × forward, plus the embeddings’ scatter, minus the first conv’s image gradient', () => {
    for (const p of Object.values(BUNDLED_PROFILES)) {
      const f = profileFlopsPerSample(p);
      expect(f.backward / f.forward, p.name).toBeGreaterThan(1.9);
      expect(f.backward / f.forward, p.name).toBeLessThanOrEqual(2.001); // + the embeddings' scatter
    }
  });

  it('name each layer once', () => {
    for (const p of Object.values(BUNDLED_PROFILES)) expect(new Set(p.layers.map((l) => l.name)).size, p.name).toBe(p.layers.length);
  });
});
