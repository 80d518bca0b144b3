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
  // Tensors the gradient needs go through `save`: the engine keeps them until
  // backprop (and only while a tape records), whereas a closure's tensors are
  // freed when the forward pass's scope ends.
  if (!inputGradient) {
    return tf.customGrad((...inputs) => {
      const [kernel, save] = inputs as [tf.Tensor2D, tf.GradSaveFunc];
      save([x]);
      return {
        value: tf.matMul(x, kernel) as tf.Tensor2D,
        gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => tf.matMul(tf.transpose(saved[0] as tf.Tensor2D), dy),
      };
    })(w);
  }
  return tf.customGrad((...inputs) => {
    const [a, kernel, save] = inputs as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    save([a, kernel]);
    return {
      value: tf.matMul(a, kernel) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
        const [sa, sk] = saved as [tf.Tensor2D, tf.Tensor2D];
        return [tf.matMul(dy, tf.transpose(sk)), tf.matMul(tf.transpose(sa), dy)];
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
