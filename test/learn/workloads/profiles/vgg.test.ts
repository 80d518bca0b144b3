import { describe, expect, it } from 'vitest';
import { profileDim, profileFlopsPerSample } from '../../../../src/learn/workloads/profile.js';
import { VGG_PROFILES } from '../../../../src/learn/workloads/profiles/vgg.js';
import { lookup } from './fixtures.js';

const { profile, names } = lookup(VGG_PROFILES);

describe('VGG profiles', () => {
  it('sum exactly to the counts of the reference implementations', () => {
    const exact: Record<string, number> = {
      vgg16: 14_728_266, // the gTop-k authors' models/vgg.py (conv bias + BN, one 512 → 10 classifier)
      'vgg16-imagenet': 138_357_544, // torchvision
    };
    expect(VGG_PROFILES.map((p) => p.name)).toEqual(Object.keys(exact));
    for (const [name, n] of Object.entries(exact)) {
      expect(profileDim(profile(name)), name).toBe(n);
      expect(profile(name).publishedParams, name).toBe(n);
    }
  });

  it('round to the counts the papers state, within the paper’s last digit', () => {
    expect(Math.abs(profileDim(profile('vgg16')) - 14.7e6)).toBeLessThanOrEqual(0.05e6);
    expect(Math.abs(profileDim(profile('vgg16-imagenet')) - 138e6)).toBeLessThanOrEqual(0.5e6); // Simonyan & Zisserman, Table 2
  });

  it('count forward FLOPs as 2 × multiply-adds: 15.5 G on ImageNet, 0.31 G on CIFAR-10', () => {
    const macs = (name: string) => profileFlopsPerSample(profile(name)).forward / 2;
    expect(macs('vgg16-imagenet') / 15.47e9).toBeCloseTo(1, 2); // torchvision's published GFLOPS
    // the CIFAR-10 VGG-16: Σ 9·cin·cout·h·w over the 13 convs + 512·10
    expect(macs('vgg16') / 313.2e6).toBeCloseTo(1, 2);
  });

  it('list layers in forward order, as the reference implementation’s parameters()', () => {
    expect(names('vgg16').slice(0, 3)).toEqual(['conv1_1', 'conv1_2', 'pool1']);
    expect(names('vgg16-imagenet').slice(-3)).toEqual(['fc6', 'fc7', 'fc8']);
  });
});
