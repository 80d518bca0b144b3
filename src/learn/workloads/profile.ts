/**
 * Workload profiles: a published architecture as typed data, like a device
 * or link preset — its layers in forward order, each with its parameter
 * count and the FLOPs of one sample's forward and backward pass.
 *
 * FLOP conventions (every bundled profile and builder follows them):
 * - a multiply-add is 2 FLOPs (a k×k conv from cin to cout channels over an
 *   h×w output costs 2·k²·cin·cout·h·w forward);
 * - backward of a layer with weights is 2 × the forward's products: one
 *   product for the gradient of its input, one for the gradient of its
 *   weights ({@link DEFAULT_BACKWARD_FACTOR});
 * - exceptions: the first layer applied to the data (a CNN's first conv)
 *   needs no input gradient, so 1 × its products; an embedding's forward is
 *   a lookup (0 FLOPs) and its backward a scatter-add of one gradient row per
 *   token; parameter-free layers (attention's QKᵀ and AV, pooling, residual
 *   adds, normalisation arithmetic) are counted at 2 × forward (attention's
 *   two products each have two operands to differentiate; for the elementwise
 *   ones 2 × is an upper bound, and they are a few percent of any bundled
 *   profile's FLOPs).
 * Optimizer updates and data loading are not layer FLOPs and are not counted.
 */

/**
 * One layer of a workload profile, at the granularity a data-parallel
 * framework buckets gradients (one parameter tensor group: conv + batch
 * norm, a linear layer with its bias, an embedding table, …).
 */
export interface LayerProfile {
  /** Unique within the profile (a recorded trace's per-layer tensors are matched by it). */
  readonly name: string;
  /** Trainable parameters (a parameter-free layer, or one whose weights are tied to an earlier layer, has 0). */
  readonly params: number;
  /** FLOPs of the forward pass, one sample (a multiply-add = 2 FLOPs). */
  readonly forwardFlops: number;
  /** FLOPs of the backward pass, one sample: the gradients of the layer's input and of its weights. */
  readonly backwardFlops: number;
}

/**
 * A published architecture as typed data: its layers in forward order (for
 * the bundled profiles also the reference implementation's
 * `model.parameters()` order, so a recorded flat gradient lines up), the
 * paper it comes from, and the parameter count published for it.
 */
export interface WorkloadProfile {
  /** Name a scenario uses (`model: { kind: profile, name }`). */
  readonly name: string;
  readonly description: string;
  /** Citation of the paper the architecture comes from. */
  readonly source: string;
  /** What one sample is, e.g. "224×224 RGB image", "sequence of 1024 tokens"; FLOPs are per one of these. */
  readonly sampleUnit: string;
  /** Parameters as published (what the tests check the layers' sum against). */
  readonly publishedParams: number;
  /** Where {@link publishedParams} is stated (a paper's table, a reference implementation). */
  readonly publishedParamsSource: string;
  /** In forward order; at least one has parameters. */
  readonly layers: readonly LayerProfile[];
}

/**
 * Backward FLOPs per forward FLOP of a layer with weights: the gradient of
 * its input and the gradient of its weights, one product each. Also what a
 * user's table assumes when a layer gives `forwardFlops` only.
 */
export const DEFAULT_BACKWARD_FACTOR = 2;

/** d = Σ parameters over the layers: the length of the gradient vector. */
export function profileDim(p: WorkloadProfile): number {
  return p.layers.reduce((n, l) => n + l.params, 0);
}

/** FLOPs of one sample's forward and backward pass over every layer (a multiply-add = 2 FLOPs). */
export function profileFlopsPerSample(p: WorkloadProfile): { forward: number; backward: number } {
  let forward = 0;
  let backward = 0;
  for (const l of p.layers) {
    forward += l.forwardFlops;
    backward += l.backwardFlops;
  }
  return { forward, backward };
}
