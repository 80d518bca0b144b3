import type { LayerProfile, WorkloadProfile } from '../profile.js';
import { conv, elementwise, linear } from './layers.js';

/**
 * ResNets for ImageNet (He et al., "Deep Residual Learning for Image
 * Recognition", CVPR 2016, Table 1), as torchvision builds them: 7×7/2 stem
 * conv + BN, 3×3/2 max pool, four stages at 56, 28, 14, 7 pixels (stride 2 in
 * the first 3×3 of a basic block or of a bottleneck, as torchvision v1.5),
 * projection shortcuts (1×1 conv + BN) where the shape changes, global
 * average pool, a 1000-way classifier. Input 224×224×3.
 */
function imagenetResnet(name: string, block: 'basic' | 'bottleneck', counts: readonly number[], published: number): WorkloadProfile {
  const layers: LayerProfile[] = [conv('conv1', 7, 3, 64, 112, 112, { bn: true, first: true }), elementwise('maxpool', 64 * 56 * 56, 9)];
  const expansion = block === 'bottleneck' ? 4 : 1;
  let cin = 64;
  let size = 56;
  counts.forEach((n, stage) => {
    const width = 64 * 2 ** stage;
    for (let b = 0; b < n; b++) {
      const stride = stage > 0 && b === 0 ? 2 : 1;
      const out = size / stride;
      const p = `layer${stage + 1}.${b}`;
      if (block === 'basic') {
        layers.push(conv(`${p}.conv1`, 3, cin, width, out, out, { bn: true }), conv(`${p}.conv2`, 3, width, width, out, out, { bn: true }));
      } else {
        layers.push(
          conv(`${p}.conv1`, 1, cin, width, size, size, { bn: true }),
          conv(`${p}.conv2`, 3, width, width, out, out, { bn: true }),
          conv(`${p}.conv3`, 1, width, width * expansion, out, out, { bn: true }),
        );
      }
      if (b === 0 && (stride !== 1 || cin !== width * expansion)) layers.push(conv(`${p}.downsample`, 1, cin, width * expansion, out, out, { bn: true }));
      layers.push(elementwise(`${p}.add`, width * expansion * out * out, 2));
      cin = width * expansion;
      size = out;
    }
  });
  layers.push(elementwise('avgpool', cin * size * size), linear('fc', cin, 1000));
  return {
    name, description: `${name.toUpperCase()} (ImageNet, 224×224)`, sampleUnit: '224×224 RGB image', layers,
    source: 'He, Zhang, Ren, Sun. Deep Residual Learning for Image Recognition. CVPR 2016 (Table 1); layers as torchvision.models',
    publishedParams: published, publishedParamsSource: `torchvision.models.${name}: ${published.toLocaleString('en-US')} parameters`,
  };
}

/**
 * ResNet-20 for CIFAR-10 (He et al. 2016 §4.2): a 3×3 conv + BN on 32×32×3,
 * three stages of 3 basic blocks at 16, 32, 64 filters on 32, 16, 8 pixels,
 * option-A shortcuts (identity with zero padding: no parameters), global
 * average pool, a 10-way classifier. The paper states 0.27 M parameters.
 */
function resnet20(): WorkloadProfile {
  const layers: LayerProfile[] = [conv('conv1', 3, 3, 16, 32, 32, { bn: true, first: true })];
  let cin = 16;
  [16, 32, 64].forEach((width, stage) => {
    const size = 32 / 2 ** stage;
    for (let b = 0; b < 3; b++) {
      const p = `layer${stage + 1}.${b}`;
      layers.push(conv(`${p}.conv1`, 3, cin, width, size, size, { bn: true }), conv(`${p}.conv2`, 3, width, width, size, size, { bn: true }), elementwise(`${p}.add`, width * size * size, 2));
      cin = width;
    }
  });
  layers.push(elementwise('avgpool', 64 * 8 * 8), linear('fc', 64, 10));
  return {
    name: 'resnet20', description: 'ResNet-20 (CIFAR-10, 32×32)', sampleUnit: '32×32 RGB image', layers,
    source: 'He, Zhang, Ren, Sun. Deep Residual Learning for Image Recognition. CVPR 2016, §4.2 (n = 3, option A shortcuts); used by gTop-k (Shi et al. 2019)',
    publishedParams: 270_000, publishedParamsSource: 'He et al. 2016, Table 6: 0.27 M parameters',
  };
}

/**
 * VGG-16 for CIFAR-10 as the gTop-k paper trains it (Shi et al., "A
 * distributed synchronous SGD algorithm with global top-k sparsification",
 * ICDCS 2019; "VGG-16 … 14.7 M" parameters): Simonyan & Zisserman's
 * configuration D (13 3×3 conv layers, 64-64-M-128-128-M-256×3-M-512×3-M-512×3-M)
 * with bias and batch norm on 32×32×3, then one 512 → 10 classifier.
 */
function vgg16Cifar(): WorkloadProfile {
  const cfg: (number | 'M')[] = [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M', 512, 512, 512, 'M', 512, 512, 512, 'M'];
  const layers: LayerProfile[] = [];
  let cin = 3;
  let size = 32;
  let i = 0;
  for (const c of cfg) {
    if (c === 'M') {
      size /= 2;
      layers.push(elementwise(`pool${layers.length}`, cin * size * size, 4));
      continue;
    }
    layers.push(conv(`features.conv${++i}`, 3, cin, c, size, size, { bias: true, bn: true, first: cin === 3 }));
    cin = c;
  }
  layers.push(linear('classifier', 512, 10));
  return {
    name: 'vgg16', description: 'VGG-16 with batch norm (CIFAR-10, 32×32)', sampleUnit: '32×32 RGB image', layers,
    source: 'Simonyan & Zisserman. Very Deep Convolutional Networks for Large-Scale Image Recognition. ICLR 2015 (configuration D); CIFAR-10 variant as trained by Shi et al., gTop-k, ICDCS 2019',
    publishedParams: 14_700_000, publishedParamsSource: 'Shi et al. 2019 (gTop-k), Table of models: VGG-16, 14.7 M parameters',
  };
}

/** The CNN profiles, by name. */
export const CNN_PROFILES: readonly WorkloadProfile[] = [
  resnet20(),
  imagenetResnet('resnet18', 'basic', [2, 2, 2, 2], 11_689_512),
  imagenetResnet('resnet50', 'bottleneck', [3, 4, 6, 3], 25_557_032),
  vgg16Cifar(),
];
