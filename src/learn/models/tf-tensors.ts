/** Tensor helpers of the TensorFlow.js models: a matMul with a fast gradient, and host access to float32 tensors without copies where the backend allows. */
import * as tf from '@tensorflow/tfjs';

/**
 * `x · w` for a batch `x` `[n, k]` and a kernel `w` `[k, m]`, with a gradient
 * that multiplies explicitly transposed matrices: tfjs's own matMul gradient
 * passes transpose flags, which tfjs-backend-wasm 4.22 serves ~7× slower
 * (4.9 ms instead of 0.7 ms for 784×32 by 32×128).
 *
 * @param inputGradient false when `x` is data (its gradient is never needed and not computed)
 */
export function matMulLayer(x: tf.Tensor2D, w: tf.Tensor2D, inputGradient: boolean): tf.Tensor2D {
  return withOwnGradient(x, w, inputGradient, {
    value: (a, kernel) => tf.matMul(a, kernel),
    input: (dy, kernel) => tf.matMul(dy, tf.transpose(kernel)),
    weight: (a, dy) => tf.matMul(tf.transpose(a), dy),
  });
}

/** A layer `value(x, w)` and its two gradients, for {@link withOwnGradient}. */
export interface LayerGradients<X extends tf.Tensor, W extends tf.Tensor, Y extends tf.Tensor> {
  value(x: X, w: W): Y;
  /** ∂/∂x given the output gradient dy. */
  input(dy: Y, w: W): X;
  /** ∂/∂w given the output gradient dy. */
  weight(x: X, dy: Y): W;
}

/**
 * `layer.value(x, w)` with the layer's own gradients in place of tfjs's.
 *
 * @param inputGradient false when `x` is data (its gradient is never needed and not computed)
 */
export function withOwnGradient<X extends tf.Tensor, W extends tf.Tensor, Y extends tf.Tensor>(x: X, w: W, inputGradient: boolean, layer: LayerGradients<X, W, Y>): Y {
  // Tensors the gradient needs go through `save`: the engine keeps them until
  // backprop (and only while a tape records), whereas a closure's tensors are
  // freed when the forward pass's scope ends.
  if (!inputGradient) {
    return tf.customGrad((...inputs) => {
      const [kernel, save] = inputs as [W, tf.GradSaveFunc];
      save([x]);
      return { value: layer.value(x, kernel), gradFunc: (dy: Y, saved: tf.Tensor[]) => layer.weight(saved[0] as X, dy) };
    })(w);
  }
  return tf.customGrad((...inputs) => {
    const [a, kernel, save] = inputs as [X, W, tf.GradSaveFunc];
    save([a, kernel]);
    return {
      value: layer.value(a, kernel),
      gradFunc: (dy: Y, saved: tf.Tensor[]) => {
        const [sa, sk] = saved as [X, W];
        return [layer.input(dy, sk), layer.weight(sa, dy)];
      },
    };
  })(x, w);
}

/**
 * The parts of tfjs-backend-wasm 4.22's backend used to read and write
 * tensors in place in its heap (its own JS kernels do the same).
 */
export interface HeapBackend {
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

/** @internal The wasm backend's heap access, when the backend is wasm. */
export function heapBackend(): HeapBackend | undefined {
  const b = tf.backend() as Partial<HeapBackend>;
  return typeof b.typedArrayFromHeap === 'function' && typeof b.makeOutput === 'function' ? (b as HeapBackend) : undefined;
}

/**
 * A float32 tensor's values on the host, read-only, without a copy where the
 * backend allows: on wasm a view of its heap (`dataSync()` would copy), valid
 * only until the next tensor is allocated (heap growth detaches it); on cpu
 * the tensor's own storage (what `dataSync()` returns); elsewhere a copy.
 */
export function hostValues(t: tf.Tensor): Float32Array {
  if (t.dtype !== 'float32') throw new TypeError(`hostValues: ${t.dtype} tensor, float32 expected`);
  const heap = heapBackend();
  return (heap ? heap.typedArrayFromHeap(t) : t.dataSync()) as Float32Array;
}

/**
 * A new float32 tensor of `shape` whose values `fill` writes, given them
 * zeroed: on wasm they are the tensor's heap memory (no JS array; `fill` must
 * not create tensors, which could grow the heap and detach the view, but may
 * read `hostValues`), elsewhere a new array the tensor is made from.
 */
export function hostTensor(shape: number[], fill: (values: Float32Array) => void): tf.Tensor {
  const heap = heapBackend();
  if (!heap) {
    const values = new Float32Array(shape.reduce((p, n) => p * n, 1));
    fill(values);
    return tf.tensor(values, shape, 'float32');
  }
  const t = tf.engine().makeTensorFromTensorInfo(heap.makeOutput(shape, 'float32'));
  const values = heap.typedArrayFromHeap(t) as Float32Array;
  values.fill(0); // malloc'd memory is not zeroed
  fill(values);
  return t;
}
