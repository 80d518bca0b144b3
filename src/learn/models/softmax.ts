import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend.js';
import type { MnistDataset } from '../data/mnist.js';
import { type ClassifierOptions, TfClassifier } from './tf-classifier.js';
import { denseBlocks, ParamLayout } from './tf-params.js';
import { matMulLayer } from './tf-tensors.js';

/** Options of the softmax-regression model. */
export type SoftmaxRegressionOptions = ClassifierOptions;

/**
 * Multinomial logistic (softmax) regression `z = x·W + b` over d = 784 pixels
 * and 10 classes: 7,850 parameters.
 *
 * Parameter packing (flat vector, `layout.describe()`):
 * 1. `dense/kernel` W `[784, 10]` row-major (row = pixel), offset 0, Glorot-uniform;
 * 2. `dense/bias` b `[10]`, offset 7,840, zeros.
 *
 * Objective, losses and gradients: see `TfClassifier`. Build with
 * `SoftmaxRegression.create()`, which initialises the backend first.
 */
export class SoftmaxRegression extends TfClassifier {
  readonly name = 'mnist-softmax';
  /**
   * 6 × forward multiply-adds: forward 2·d·C FLOPs, backward ≈ 2× forward
   * (weight and input gradients), so 6·d·C = 47,040 for d = 784, C = 10.
   */
  readonly flopsPerSample: number;

  /** Initialise the tfjs backend (see `initBackend`), then upload the data set (copied). */
  static async create(data: MnistDataset, options: SoftmaxRegressionOptions = {}): Promise<SoftmaxRegression> {
    await initBackend();
    return new SoftmaxRegression(data, options);
  }

  private constructor(data: MnistDataset, options: SoftmaxRegressionOptions) {
    super(data, new ParamLayout(denseBlocks('dense', data.d, data.classes, 'glorot-uniform')), options);
    this.flopsPerSample = 6 * data.d * data.classes;
  }

  protected override logits(params: readonly tf.Tensor[], x: tf.Tensor2D): tf.Tensor2D {
    const [w, b] = params as [tf.Tensor2D, tf.Tensor1D];
    return tf.add(matMulLayer(x, w, false), b);
  }
}
