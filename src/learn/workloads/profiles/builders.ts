import { DEFAULT_BACKWARD_FACTOR, type LayerProfile } from '../profile.js';

/**
 * Layer builders: the parameters and per-sample FLOPs of one layer, computed
 * from its shapes, so a bundled profile is its architecture written down,
 * never typed-in totals. Conventions (see `../profile.ts`): a multiply-add
 * is 2 FLOPs; backward = 2 × forward for a layer with weights, 1 × its
 * products for the first layer applied to the data; elementwise arithmetic
 * (bias, batch norm, activations, pooling) is counted at a few FLOPs per
 * element and its backward at 2 ×.
 */

/** Elementwise FLOPs per output element, forward: these are estimates, a few percent of any profile's total. */
const PER_ELEMENT = {
  bias: 1,
  /** normalise (subtract, divide), scale, shift */
  batchNorm: 4,
  relu: 1,
  /** mean, variance (subtract, square, add), normalise, scale, shift */
  layerNorm: 8,
  /** per attention score and head: scale, subtract the max, exp, sum, divide */
  softmax: 5,
  /** the tanh form of GELU (a cube, two multiply-adds, tanh, a product) */
  gelu: 8,
  /** per LSTM hidden unit and step: 8 bias adds, 3 sigmoids, 2 tanh, the cell and output updates */
  lstmCell: 18,
} as const;

/** Options of {@link conv}. */
export interface ConvOptions {
  /** The conv has a bias vector (cout parameters). Default false (ResNets); VGG's convs have one. */
  readonly bias?: boolean;
  /** Followed by batch norm: γ and β per channel (2·cout parameters), counted in this layer as DDP buckets them together. Default false. */
  readonly bn?: boolean;
  /** Followed by a ReLU. Default true. */
  readonly relu?: boolean;
  /** The first layer applied to the data: no input gradient in backward. Default false. */
  readonly first?: boolean;
}

/**
 * A k×k convolution from `cin` to `cout` channels with an `outH`×`outW`
 * output (stride and padding are in the output size), with its optional
 * bias, batch norm and ReLU.
 */
export function conv(name: string, k: number, cin: number, cout: number, outH: number, outW: number, o: ConvOptions = {}): LayerProfile {
  const weights = k * k * cin * cout;
  const params = weights + (o.bias ? cout : 0) + (o.bn ? 2 * cout : 0);
  const macs = weights * outH * outW;
  const perElement = (o.bias ? PER_ELEMENT.bias : 0) + (o.bn ? PER_ELEMENT.batchNorm : 0) + (o.relu === false ? 0 : PER_ELEMENT.relu);
  const elementwise = perElement * cout * outH * outW;
  return { name, params, forwardFlops: 2 * macs + elementwise, backwardFlops: productsBackward(macs, o.first) + DEFAULT_BACKWARD_FACTOR * elementwise };
}

/** Options of {@link linear}. */
export interface LinearOptions {
  /** A bias vector (outputs parameters). Default true. */
  readonly bias?: boolean;
  /** The activation after it, counted in this layer. Default none. */
  readonly activation?: 'relu' | 'gelu';
  /** The first layer applied to the data: no input gradient in backward. Default false. */
  readonly first?: boolean;
}

/** A fully connected layer `inputs` → `outputs`, applied at `tokens` positions (1 for an image classifier's head). */
export function linear(name: string, inputs: number, outputs: number, tokens = 1, o: LinearOptions = {}): LayerProfile {
  const bias = o.bias ?? true;
  const macs = inputs * outputs * tokens;
  const perElement = (bias ? PER_ELEMENT.bias : 0) + (o.activation === undefined ? 0 : PER_ELEMENT[o.activation]);
  const elementwise = perElement * outputs * tokens;
  return {
    name,
    params: inputs * outputs + (bias ? outputs : 0),
    forwardFlops: 2 * macs + elementwise,
    backwardFlops: productsBackward(macs, o.first) + DEFAULT_BACKWARD_FACTOR * elementwise,
  };
}

/**
 * An embedding table of `rows` × `width`, looked up at `tokens` positions:
 * the lookup costs no arithmetic; backward scatters one gradient row per
 * token into the table (tokens × width adds). With `addsToPrevious`, its
 * rows are added to an earlier embedding's (position and segment tables):
 * tokens × width adds forward.
 */
export function embedding(name: string, rows: number, width: number, tokens: number, addsToPrevious = false): LayerProfile {
  const adds = addsToPrevious ? tokens * width : 0;
  return { name, params: rows * width, forwardFlops: adds, backwardFlops: tokens * width + adds };
}

/** Layer norm over `width` features at `tokens` positions: γ and β. */
export function layerNorm(name: string, width: number, tokens: number): LayerProfile {
  const forward = PER_ELEMENT.layerNorm * width * tokens;
  return { name, params: 2 * width, forwardFlops: forward, backwardFlops: DEFAULT_BACKWARD_FACTOR * forward };
}

/**
 * The parameter-free core of one self-attention layer over `tokens`
 * positions: the scores QKᵀ and the mixing AV (2·L²·width FLOPs each), and
 * the softmax per score and head. Causal masking is counted as the full L²,
 * as dense attention kernels compute it.
 */
export function attentionMixing(name: string, width: number, heads: number, tokens: number): LayerProfile {
  const forward = 2 * (2 * tokens * tokens * width) + PER_ELEMENT.softmax * heads * tokens * tokens;
  return { name, params: 0, forwardFlops: forward, backwardFlops: DEFAULT_BACKWARD_FACTOR * forward };
}

/**
 * One LSTM layer as PyTorch's `nn.LSTM` builds it (two bias vectors, b_ih
 * and b_hh), `inputs` → `hidden`, unrolled over `steps`: four gates of
 * (inputs + hidden) × hidden multiply-adds per step.
 */
export function lstm(name: string, inputs: number, hidden: number, steps: number): LayerProfile {
  const macs = 4 * hidden * (inputs + hidden) * steps;
  const elementwise = PER_ELEMENT.lstmCell * hidden * steps;
  return {
    name,
    params: 4 * hidden * (inputs + hidden) + 8 * hidden,
    forwardFlops: 2 * macs + elementwise,
    backwardFlops: productsBackward(macs, false) + DEFAULT_BACKWARD_FACTOR * elementwise,
  };
}

/** A parameter-free layer (pooling, residual add) of `elements` outputs at `flopsPerElement` each. */
export function elementwise(name: string, elements: number, flopsPerElement = 1): LayerProfile {
  const forward = elements * flopsPerElement;
  return { name, params: 0, forwardFlops: forward, backwardFlops: DEFAULT_BACKWARD_FACTOR * forward };
}

/**
 * A layer whose weights are another layer's (GPT-2's LM head is the token
 * embedding transposed): its FLOPs count, its weights are the owner's and
 * their gradient is summed into the owner's, so it has 0 parameters (set
 * `params` afterwards for parameters of its own, as BERT's decoder bias).
 */
export function tiedTo(owner: string, layer: LayerProfile): LayerProfile {
  return { ...layer, name: `${layer.name} (tied to ${owner})`, params: 0 };
}

/** Backward FLOPs of `macs` multiply-adds with weights: weight gradient always, input gradient unless the layer is first. */
function productsBackward(macs: number, first: boolean | undefined): number {
  return (first ? 1 : DEFAULT_BACKWARD_FACTOR) * 2 * macs;
}
