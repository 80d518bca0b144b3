import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend.js';
import type { MnistDataset } from '../data/mnist.js';
import * as msg from '../messages.js';
import { type ClassifierOptions, TfClassifier } from './tf-classifier.js';
import { convBlocks, denseBlocks, ParamLayout } from './tf-params.js';
import { hostTensor, hostValues, matMulLayer, withOwnGradient } from './tf-tensors.js';

/** Options of the CNN. */
export type CnnOptions = ClassifierOptions;

/** Kernel size of both convolutions. */
const KERNEL = 5;
/** Output channels of the first and second convolution. */
const CHANNELS1 = 8;
const CHANNELS2 = 16;

/**
 * A small LeNet-style convolutional network on 28×28×1 images (NHWC):
 *
 * ```
 * input 28×28×1
 * → conv 5×5, 8 filters, stride 1, 'valid' (+bias) → 24×24×8 → ReLU
 * → max-pool 2×2, stride 2                          → 12×12×8
 * → conv 5×5, 16 filters, stride 1, 'valid' (+bias) → 8×8×16 → ReLU
 * → max-pool 2×2, stride 2                          → 4×4×16 → flatten (h, w, c) → 256
 * → dense 256 → 10 (+bias)                          → logits
 * ```
 *
 * 5,994 parameters, packed (flat vector, `layout.describe()`):
 * 1. `conv1/kernel` `[5, 5, 1, 8]` (tfjs filter layout [kh, kw, in, out], row-major), offset 0, He-uniform;
 * 2. `conv1/bias` `[8]`, offset 200, zeros;
 * 3. `conv2/kernel` `[5, 5, 8, 16]`, offset 208, He-uniform;
 * 4. `conv2/bias` `[16]`, offset 3,408, zeros;
 * 5. `dense/kernel` `[256, 10]` (row = flattened (h·4 + w)·16 + c), offset 3,424, Glorot-uniform;
 * 6. `dense/bias` `[10]`, offset 5,984, zeros.
 *
 * Objective, losses and gradients: see `TfClassifier`. Each max-pool is
 * computed before its layer's bias and ReLU, which is the same function
 * (see `logits`) and cheaper. The convolutions and max-pools carry custom
 * gradients (see `conv2dValid`, `maxPool2x2`) because tfjs-backend-wasm 4.22
 * has no `Conv2DBackpropFilter` kernel, a slow `Conv2DBackpropInput` and a
 * `MaxPoolGrad` that is wrong for more than one channel; a test checks the
 * whole gradient against native tfjs autodiff on the cpu backend. Build with
 * `Cnn.create()`, which initialises the backend first.
 */
export class Cnn extends TfClassifier {
  readonly name = 'mnist-cnn';
  /**
   * 6 × forward multiply-adds (2 FLOPs per multiply-add, backward ≈ 2× forward):
   * 6·(24²·25·8 + 8²·200·16 + 256·10) = 6·322,560 = 1,935,360 for 28×28 input.
   * Biases, ReLU and pooling are not counted.
   */
  readonly flopsPerSample: number;
  private readonly height: number;
  private readonly width: number;

  /** Initialise the tfjs backend (see `initBackend`), then upload the data set (copied). */
  static async create(data: MnistDataset, options: CnnOptions = {}): Promise<Cnn> {
    await initBackend();
    return new Cnn(data, options);
  }

  private constructor(data: MnistDataset, options: CnnOptions) {
    if (data.d !== data.height * data.width) {
      throw new RangeError(msg.imageShapeMismatch(data.d, data.height, data.width, 1));
    }
    const shape = cnnShape(data.height, data.width);
    super(
      data,
      new ParamLayout([
        ...convBlocks('conv1', KERNEL, KERNEL, 1, CHANNELS1, 'he-uniform'),
        ...convBlocks('conv2', KERNEL, KERNEL, CHANNELS1, CHANNELS2, 'he-uniform'),
        ...denseBlocks('dense', shape.flat, data.classes, 'glorot-uniform'),
      ]),
      options,
    );
    this.height = data.height;
    this.width = data.width;
    this.flopsPerSample = 6 * shape.multiplyAdds(data.classes);
  }

  protected override logits(params: readonly tf.Tensor[], x: tf.Tensor2D): tf.Tensor2D {
    const [k1, b1, k2, b2, w3, b3] = params as [tf.Tensor4D, tf.Tensor1D, tf.Tensor4D, tf.Tensor1D, tf.Tensor2D, tf.Tensor1D];
    const images = tf.reshape(x, [-1, this.height, this.width, 1]) as tf.Tensor4D;
    // maxpool(relu(c + b)) = relu(maxpool(c) + b): the bias is per channel and
    // ReLU is monotone, so pooling first computes the same function with the
    // bias and ReLU (and their gradients) on 4× fewer values.
    // The images are data: no input gradient for the first convolution.
    const p1 = tf.relu(tf.add(maxPool2x2(conv2dValid(images, k1, false)), b1)) as tf.Tensor4D;
    const p2 = tf.relu(tf.add(maxPool2x2(conv2dValid(p1, k2, true)), b2)) as tf.Tensor4D;
    const flat = tf.reshape(p2, [p2.shape[0], -1]) as tf.Tensor2D;
    return tf.add(matMulLayer(flat, w3, true), b3);
  }
}

/** Feature-map sizes of the architecture for an `height × width` input. */
function cnnShape(height: number, width: number): { flat: number; multiplyAdds: (classes: number) => number } {
  const c1h = height - KERNEL + 1;
  const c1w = width - KERNEL + 1;
  const p1h = Math.floor(c1h / 2);
  const p1w = Math.floor(c1w / 2);
  const c2h = p1h - KERNEL + 1;
  const c2w = p1w - KERNEL + 1;
  const p2h = Math.floor(c2h / 2);
  const p2w = Math.floor(c2w / 2);
  if (p2h < 1 || p2w < 1) throw new RangeError(msg.imageShapeMismatch(height * width, height, width, 1));
  const flat = p2h * p2w * CHANNELS2;
  return {
    flat,
    multiplyAdds: (classes) => c1h * c1w * KERNEL * KERNEL * CHANNELS1 + c2h * c2w * KERNEL * KERNEL * CHANNELS1 * CHANNELS2 + flat * classes,
  };
}

/**
 * `tf.maxPool(x, 2, 2, 'valid')` (NHWC) with its gradient computed on the
 * host: tfjs-backend-wasm 4.22's `MaxPoolGrad` kernel returns wrong values
 * when there is more than one channel (it is right for one channel only), and
 * expressing the gradient with masks and broadcasting costs ~30 ms on wasm.
 * The host pass reads x and dy (≈ 0.8 MB for layer 1 at batch 32) and routes
 * each dy to its window's first maximum in row-major order, as TensorFlow does;
 * on wasm it reads and writes the tensors' heap memory in place (copies of
 * them were 1.6 MB of JS arrays per gradient: see `hostValues`, `hostTensor`).
 */
export function maxPool2x2(x: tf.Tensor4D): tf.Tensor4D {
  return tf.customGrad((...inputs) => {
    const [a, save] = inputs as [tf.Tensor4D, tf.GradSaveFunc];
    save([a]);
    return {
      value: tf.maxPool(a, 2, 2, 'valid'),
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        const input = saved[0] as tf.Tensor4D;
        return hostTensor(input.shape, (dx) => maxPool2x2Backward(hostValues(input), hostValues(dy), input.shape, dx)) as tf.Tensor4D;
      },
    };
  })(x);
}

/** Host gradient of a 2×2, stride-2, 'valid' max-pool over NHWC `x` of the given shape, added into `dx` (zeros). */
function maxPool2x2Backward(x: Float32Array, dy: Float32Array, [batch, height, width, channels]: [number, number, number, number], dx: Float32Array): void {
  const outH = Math.floor(height / 2);
  const outW = Math.floor(width / 2);
  const rowStride = width * channels;
  let o = 0; // index into dy, NHWC order
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < outH; i++) {
      for (let j = 0; j < outW; j++) {
        const topLeft = ((b * height + 2 * i) * width + 2 * j) * channels;
        for (let c = 0; c < channels; c++, o++) {
          const p00 = topLeft + c;
          let best = p00;
          // Row-major window order; strict > keeps the first of equal maxima.
          // Unrolled: an array literal here allocated ~1.8 MB per batch-32 gradient.
          const p01 = p00 + channels;
          const p10 = p00 + rowStride;
          const p11 = p10 + channels;
          if ((x[p01] as number) > (x[best] as number)) best = p01;
          if ((x[p10] as number) > (x[best] as number)) best = p10;
          if ((x[p11] as number) > (x[best] as number)) best = p11;
          dx[best] = (dx[best] as number) + (dy[o] as number);
        }
      }
    }
  }
}

/**
 * `tf.conv2d(x, filter, 1, 'valid')` (NHWC) with a gradient that needs no
 * `Conv2DBackpropFilter` kernel (absent from tfjs-backend-wasm 4.22). The
 * filter gradient is itself a stride-1 valid convolution,
 * `dW[p,q,c,o] = Σ_{b,i,j} x[b, i+p, j+q, c] · dy[b, i, j, o]`,
 * i.e. `conv2d` of x viewed as `[c, H, W, b]` (channels as batch, batch as
 * channels) by dy viewed as a filter `[OH, OW, b, o]`, giving `[c, kh, kw, o]`.
 * The input gradient, when wanted, is a forward convolution too (see `convInputGradient`).
 *
 * @param inputGradient false when `x` is data (its gradient is never needed and not computed)
 */
export function conv2dValid(x: tf.Tensor4D, filter: tf.Tensor4D, inputGradient: boolean): tf.Tensor4D {
  return withOwnGradient(x, filter, inputGradient, {
    value: (a, f) => tf.conv2d(a, f, 1, 'valid'),
    input: convInputGradient,
    weight: convFilterGradient,
  });
}

/**
 * ∂/∂x of `conv2d(x, filter, 1, 'valid')` given dy: the "full" convolution of
 * dy with the filter rotated by 180° and its channel axes swapped. Written as
 * a forward `conv2d` because the wasm `Conv2DBackpropInput` kernel is ~6× slower.
 */
function convInputGradient(dy: tf.Tensor4D, filter: tf.Tensor4D): tf.Tensor4D {
  const [kh, kw] = filter.shape;
  const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]); // [kh, kw, o, c]
  const pad: [[number, number], [number, number], [number, number], [number, number]] = [
    [0, 0],
    [kh - 1, kh - 1],
    [kw - 1, kw - 1],
    [0, 0],
  ];
  return tf.conv2d(dy, flipped, 1, pad);
}

/** ∂/∂filter of `conv2d(x, filter, 1, 'valid')` given the output gradient dy. */
function convFilterGradient(x: tf.Tensor4D, dy: tf.Tensor4D): tf.Tensor4D {
  const xT = tf.transpose(x, [3, 1, 2, 0]); // [c, H, W, b]
  const dyT = tf.transpose(dy, [1, 2, 0, 3]); // [OH, OW, b, o]
  return tf.transpose(tf.conv2d(xT, dyT, 1, 'valid'), [1, 2, 0, 3]); // [c, kh, kw, o] → [kh, kw, c, o]
}
