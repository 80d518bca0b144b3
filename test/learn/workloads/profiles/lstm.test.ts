import { describe, expect, it } from 'vitest';
import { profileDim, profileFlopsPerSample } from '../../../../src/learn/workloads/profile.js';
import { LSTM_PROFILES } from '../../../../src/learn/workloads/profiles/lstm.js';
import { lookup } from './fixtures.js';

const { profile, names } = lookup(LSTM_PROFILES);

describe('the LSTM profile (PTB)', () => {
  it('sums exactly to the gTop-k authors’ models/lstm.py count (vocabulary 10 000), 66 M as stated', () => {
    expect(LSTM_PROFILES.map((p) => p.name)).toEqual(['lstm-ptb']);
    expect(profileDim(profile('lstm-ptb'))).toBe(66_034_000);
    expect(profile('lstm-ptb').publishedParams).toBe(66_034_000);
    expect(Math.abs(profileDim(profile('lstm-ptb')) - 66e6)).toBeLessThanOrEqual(0.5e6);
  });

  it('counts forward FLOPs per token as 2 × (2 layers × 4 gates × h × 2h + the h × V decoder)', () => {
    const h = 1500;
    expect(profileFlopsPerSample(profile('lstm-ptb')).forward / 35 / (2 * (2 * 4 * h * 2 * h + h * 10_000))).toBeCloseTo(1, 2);
  });

  it('lists its layers in forward order', () => {
    expect(names('lstm-ptb')).toEqual(['word_embeddings', 'lstm.l0', 'lstm.l1', 'sm_fc']);
  });
});
