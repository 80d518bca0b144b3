import type { LayerProfile, WorkloadProfile } from '../profile.js';
import { conv, elementwise, linear } from './builders.js';

const SIMONYAN_2015 = 'Simonyan & Zisserman. Very Deep Convolutional Networks for Large-Scale Image Recognition. ICLR 2015';

/** Configuration D: 13 3×3 conv layers in five stages, each stage ending in a 2×2 max pool. */
const CONFIG_D: readonly (readonly number[])[] = [
  [64, 64],
  [128, 128],
  [256, 256, 256],
  [512, 512, 512],
  [512, 512, 512],
];

/** The 13 convs (with bias; with batch norm when `bn`) and 5 pools of configuration D on a `size`×`size`×3 input. */
function features(size: number, bn: boolean): { layers: LayerProfile[]; size: number } {
  const layers: LayerProfile[] = [];
  let cin = 3;
  CONFIG_D.forEach((stage, s) => {
    stage.forEach((cout, i) => {
      layers.push(conv(`conv${s + 1}_${i + 1}`, 3, cin, cout, size, size, { bias: true, bn, first: cin === 3 }));
      cin = cout;
    });
    size /= 2;
    layers.push(elementwise(`pool${s + 1}`, cin * size * size, 4)); // max of 2×2
  });
  return { layers, size };
}

/**
 * VGG-16 for CIFAR-10 as the gTop-k papers train it (Shi et al., ICDCS 2019
 * and IJCAI 2019): configuration D with bias and batch norm on 32×32×3,
 * then a single 512 → 10 classifier — the authors' code
 * (hclhkbu/gtopkssgd, `models/vgg.py`, `VGG('VGG16')`).
 */
function vgg16Cifar(): WorkloadProfile {
  const { layers } = features(32, true);
  layers.push(linear('fc', 512, 10));
  return {
    name: 'vgg16',
    description: 'VGG-16 with batch norm (CIFAR-10, 32×32; the gTop-k papers’ model)',
    sampleUnit: '32×32 RGB image',
    source: `${SIMONYAN_2015} (configuration D); CIFAR-10 variant with batch norm and one classifier layer as trained by Shi et al., gTop-k (ICDCS 2019; IJCAI 2019)`,
    publishedParams: 14_728_266,
    publishedParamsSource: '14,728,266 (14.7 M) counted from the gTop-k authors’ code (hclhkbu/gtopkssgd, models/vgg.py); the IJCAI 2019 convergence analysis names VGG-16 on CIFAR-10 without a count',
    layers,
  };
}

/**
 * VGG-16 for ImageNet (Simonyan & Zisserman 2015, configuration D) as
 * torchvision builds it: 13 convs with bias on 224×224×3, then the
 * classifier 25 088 → 4096 → 4096 → 1000.
 */
function vgg16Imagenet(): WorkloadProfile {
  const { layers, size } = features(224, false);
  layers.push(linear('fc6', 512 * size * size, 4096, 1, { activation: 'relu' }), linear('fc7', 4096, 4096, 1, { activation: 'relu' }), linear('fc8', 4096, 1000));
  return {
    name: 'vgg16-imagenet',
    description: 'VGG-16 (ImageNet, 224×224; configuration D, no batch norm)',
    sampleUnit: '224×224 RGB image',
    source: `${SIMONYAN_2015}, Table 1 (configuration D); layers as torchvision.models.vgg16`,
    publishedParams: 138_357_544,
    publishedParamsSource: 'torchvision.models.vgg16: 138,357,544 parameters; Simonyan & Zisserman 2015, Table 2: 138 M',
    layers,
  };
}

/** The VGG profiles: vgg16 (CIFAR-10, as the gTop-k papers) and vgg16-imagenet. */
export const VGG_PROFILES: readonly WorkloadProfile[] = [vgg16Cifar(), vgg16Imagenet()];
