import type { LayerProfile, WorkloadProfile } from '../profile.js';
import { conv, elementwise, linear } from './builders.js';

const HE_2016 = 'He, Zhang, Ren, Sun. Deep Residual Learning for Image Recognition. CVPR 2016';

/**
 * ResNet-20 for CIFAR-10 (He et al. 2016 §4.2, n = 3): a 3×3 conv + BN on
 * 32×32×3, three stages of 3 basic blocks at 16, 32, 64 filters on 32, 16,
 * 8 pixels, option-A shortcuts (identity with zero padding: no parameters),
 * global average pool, a 10-way classifier — as the gTop-k authors' code
 * builds it (hclhkbu/gtopkssgd, `models/resnet.py`, `DownsampleA`).
 */
function resnet20(): WorkloadProfile {
  const layers: LayerProfile[] = [conv('conv1', 3, 3, 16, 32, 32, { bn: true, first: true })];
  let cin = 16;
  [16, 32, 64].forEach((width, stage) => {
    const size = 32 / 2 ** stage;
    for (let b = 0; b < 3; b++) {
      const p = `stage${stage + 1}.${b}`;
      layers.push(
        conv(`${p}.conv_a`, 3, cin, width, size, size, { bn: true }),
        conv(`${p}.conv_b`, 3, width, width, size, size, { bn: true, relu: false }),
        elementwise(`${p}.add`, width * size * size, 2), // add + ReLU
      );
      cin = width;
    }
  });
  layers.push(elementwise('avgpool', 64 * 8 * 8), linear('classifier', 64, 10));
  return {
    name: 'resnet20',
    description: 'ResNet-20 (CIFAR-10, 32×32; option-A shortcuts)',
    sampleUnit: '32×32 RGB image',
    source: `${HE_2016}, §4.2 (n = 3, option A shortcuts); trained on CIFAR-10 by Shi et al., gTop-k (ICDCS 2019; IJCAI 2019)`,
    publishedParams: 269_722,
    publishedParamsSource: 'He et al. 2016, Table 6: 0.27 M; 269,722 exactly in the gTop-k authors’ code (hclhkbu/gtopkssgd, models/resnet.py: resnet20)',
    layers,
  };
}

/**
 * ResNets for ImageNet (He et al. 2016, Table 1) as torchvision builds them
 * (v1.5: in a bottleneck the stride is on the 3×3 conv): 7×7/2 stem conv +
 * BN, 3×3/2 max pool, four stages at 56, 28, 14, 7 pixels, projection
 * shortcuts (1×1 conv + BN) where the shape changes, global average pool, a
 * 1000-way classifier. Layers in torchvision's `parameters()` order.
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
        layers.push(conv(`${p}.conv1`, 3, cin, width, out, out, { bn: true }), conv(`${p}.conv2`, 3, width, width, out, out, { bn: true, relu: false }));
      } else {
        layers.push(
          conv(`${p}.conv1`, 1, cin, width, size, size, { bn: true }),
          conv(`${p}.conv2`, 3, width, width, out, out, { bn: true }),
          conv(`${p}.conv3`, 1, width, width * expansion, out, out, { bn: true, relu: false }),
        );
      }
      if (b === 0 && (stride !== 1 || cin !== width * expansion)) {
        layers.push(conv(`${p}.downsample`, 1, cin, width * expansion, out, out, { bn: true, relu: false }));
      }
      layers.push(elementwise(`${p}.add`, width * expansion * out * out, 2)); // add + ReLU
      cin = width * expansion;
      size = out;
    }
  });
  layers.push(elementwise('avgpool', cin * size * size), linear('fc', cin, 1000));
  return {
    name,
    description: `ResNet-${name.slice('resnet'.length)} (ImageNet, 224×224; torchvision v1.5)`,
    sampleUnit: '224×224 RGB image',
    source: `${HE_2016}, Table 1; layers as torchvision.models.${name}`,
    publishedParams: published,
    publishedParamsSource: `torchvision.models.${name}: ${published.toLocaleString('en-US')} parameters, quoted as ${(published / 1e6).toFixed(1)} M (He et al. state FLOPs, not parameters, for these)`,
    layers,
  };
}

/** The ResNet profiles: resnet20 (CIFAR-10), resnet18 and resnet50 (ImageNet). */
export const RESNET_PROFILES: readonly WorkloadProfile[] = [
  resnet20(),
  imagenetResnet('resnet18', 'basic', [2, 2, 2, 2], 11_689_512),
  imagenetResnet('resnet50', 'bottleneck', [3, 4, 6, 3], 25_557_032),
];
