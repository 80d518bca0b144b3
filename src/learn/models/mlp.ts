import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend.js';
import type { MnistDataset } from '../data/mnist.js';
import * as msg from '../messages.js';
import { type ClassifierOptions, TfClassifier } from './tf-classifier.js';
import { denseBlocks, ParamLayout } from './tf-params.js';
import { matMulLayer } from './tf-tensors.js';

/** Options of the MLP. */
export interface MlpOptions extends ClassifierOptions {
  /** Hidden units h ≥ 1 (one hidden ReLU layer). Default 128. */
  readonly hidden?: number;
}

/**
 * A one-hidden-layer perceptron `z = relu(x·W1 + b1)·W2 + b2`, 784-h-10
 * (default h = 128: 101,770 parameters).
 *
 * Parameter packing (flat vector, `layout.describe()`), d = pixels, C = classes:
 * 1. `hidden/kernel` W1 `[d, h]` row-major (row = pixel), offset 0, He-uniform (feeds a ReLU);
 * 2. `hidden/bias` b1 `[h]`, offset d·h, zeros;
 * 3. `output/kernel` W2 `[h, C]` row-major, offset d·h + h, Glorot-uniform (feeds the softmax);
 * 4. `output/bias` b2 `[C]`, offset d·h + h + h·C, zeros.
 *
 * Objective, losses and gradients: see `TfClassifier`. Build with
 * `Mlp.create()`, which initialises the backend first.
 */
export class Mlp extends TfClassifier {
  readonly name = 'mnist-mlp';
  /** Hidden units h. */
  readonly hidden: number;
  /**
   * 6 × forward multiply-adds: 6·(d·h + h·C) (forward 2 FLOPs per
   * multiply-add, backward ≈ 2× forward); 609,792 for 784-128-10.
   */
  readonly flopsPerSample: number;

  /** Initialise the tfjs backend (see `initBackend`), then upload the data set (copied). */
  static async create(data: MnistDataset, options: MlpOptions = {}): Promise<Mlp> {
    await initBackend();
    return new Mlp(data, options);
  }

  private constructor(data: MnistDataset, options: MlpOptions) {
    const hidden = options.hidden ?? 128;
    if (!Number.isInteger(hidden) || hidden < 1) throw new RangeError(msg.notPositiveInteger('hidden', hidden));
    super(data, new ParamLayout([...denseBlocks('hidden', data.d, hidden, 'he-uniform'), ...denseBlocks('output', hidden, data.classes, 'glorot-uniform')]), options);
    this.hidden = hidden;
    this.flopsPerSample = 6 * (data.d * hidden + hidden * data.classes);
  }

  protected override logits(params: readonly tf.Tensor[], x: tf.Tensor2D): tf.Tensor2D {
    const [w1, b1, w2, b2] = params as [tf.Tensor2D, tf.Tensor1D, tf.Tensor2D, tf.Tensor1D];
    const h = tf.relu(tf.add(matMulLayer(x, w1, false), b1)) as tf.Tensor2D;
    return tf.add(matMulLayer(h, w2, true), b2);
  }
}
