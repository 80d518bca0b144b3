import { describe, expect, it } from 'vitest';
import { profileDim, profileFlopsPerSample } from '../../../../src/learn/workloads/profile.js';
import { RESNET_PROFILES } from '../../../../src/learn/workloads/profiles/resnet.js';
import { lookup } from './fixtures.js';

const { profile, names, layer } = lookup(RESNET_PROFILES);

describe('ResNet profiles', () => {
  it('sum exactly to the counts of the reference implementations', () => {
    const exact: Record<string, number> = {
      resnet20: 269_722, // the gTop-k authors' models/resnet.py (option A shortcuts)
      resnet18: 11_689_512, // torchvision
      resnet50: 25_557_032, // torchvision
    };
    expect(RESNET_PROFILES.map((p) => p.name)).toEqual(Object.keys(exact));
    for (const [name, n] of Object.entries(exact)) {
      expect(profileDim(profile(name)), name).toBe(n);
      expect(profile(name).publishedParams, name).toBe(n);
    }
  });

  it('round to the counts the papers state, within the paper’s last digit', () => {
    // [profile, as stated, half a unit of the last stated digit]; He et al. 2016, Table 6 for ResNet-20
    const stated: [string, number, number][] = [
      ['resnet20', 0.27e6, 0.005e6],
      ['resnet18', 11.7e6, 0.05e6],
      ['resnet50', 25.6e6, 0.05e6],
    ];
    for (const [name, n, half] of stated) expect(Math.abs(profileDim(profile(name)) - n), name).toBeLessThanOrEqual(half);
  });

  it('count forward FLOPs as 2 × multiply-adds: ResNet-50 4.1 G, ResNet-18 1.8 G', () => {
    const macs = (name: string) => profileFlopsPerSample(profile(name)).forward / 2;
    // torchvision's published GFLOPS (multiply-adds of convs and linears): 4.09, 1.81; elementwise layers add < 1 %
    expect(macs('resnet50') / 4.09e9).toBeGreaterThan(1);
    expect(macs('resnet50') / 4.09e9).toBeLessThan(1.01);
    expect(macs('resnet18') / 1.81e9).toBeGreaterThan(1);
    expect(macs('resnet18') / 1.81e9).toBeLessThan(1.01);
    // He et al. 2016, Table 1 states 3.8 G for ResNet-50 (stride on the 1×1 conv); torchvision v1.5 strides the 3×3, hence 4.1
    expect(macs('resnet50')).toBeGreaterThan(3.8e9);
  });

  it('count backward as 2 × forward for layers with weights, 1 × the products for the first conv', () => {
    const fc = layer('resnet50', 'fc');
    expect(fc.backwardFlops).toBe(2 * fc.forwardFlops);
    const conv1 = layer('resnet50', 'conv1'); // no gradient of the image
    const products = 2 * 7 * 7 * 3 * 64 * 112 * 112;
    expect(conv1.backwardFlops - products).toBe(2 * (conv1.forwardFlops - products));
  });

  it('list layers in forward order, as the reference implementation’s parameters()', () => {
    expect(names('resnet50').slice(0, 8)).toEqual(['conv1', 'maxpool', 'layer1.0.conv1', 'layer1.0.conv2', 'layer1.0.conv3', 'layer1.0.downsample', 'layer1.0.add', 'layer1.1.conv1']);
    expect(names('resnet50').slice(-2)).toEqual(['avgpool', 'fc']);
    expect(names('resnet20').slice(-2)).toEqual(['avgpool', 'classifier']);
  });
});
