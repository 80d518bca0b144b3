import type { LayerProfile } from '../profile.js';

/**
 * Layer builders: parameters and FLOPs of one sample, from the shapes, so a
 * profile is its architecture written down, not typed-in totals. A
 * multiply-add is 2 FLOPs. Backward = 2 × forward for a layer with weights
 * (the gradient of its input and of its weights, one product each), except
 * the first layer of a network (no input gradient: 1 × forward); elementwise
 * layers (batch norm, activations, pooling) are counted at a few FLOPs per
 * element and their backward at 2 ×.
 */

/** Conv k×k, cin → cout, output h×w, with or without bias, followed by batch norm (γ, β per channel) when `bn`. */
export function conv(name: string, k: number, cin: number, cout: number, h: number, w: number, o: { bias?: boolean; bn?: boolean; first?: boolean } = {}): LayerProfile {
  const weights = k * k * cin * cout;
  const params = weights + (o.bias ? cout : 0) + (o.bn ? 2 * cout : 0);
  const macs = weights * h * w;
  // batch norm: normalise, scale, shift (≈ 4 FLOPs per output element); ReLU folded in
  const elementwise = (o.bn ? 4 : 1) * cout * h * w;
  const forward = 2 * macs + elementwise;
  return { name, params, forwardFlops: forward, backwardFlops: (o.first ? 1 : 2) * 2 * macs + 2 * elementwise };
}

/** Fully connected in → out with bias, applied to `tokens` positions (1 for an image classifier). */
export function linear(name: string, inputs: number, outputs: number, tokens = 1, o: { bias?: boolean; first?: boolean } = {}): LayerProfile {
  const bias = o.bias ?? true;
  const macs = inputs * outputs * tokens;
  return { name, params: inputs * outputs + (bias ? outputs : 0), forwardFlops: 2 * macs, backwardFlops: (o.first ? 1 : 2) * 2 * macs };
}

/** An embedding table (lookups cost no multiply-adds; its gradient is a scatter of `tokens` rows). */
export function embedding(name: string, rows: number, width: number, tokens: number): LayerProfile {
  return { name, params: rows * width, forwardFlops: 0, backwardFlops: tokens * width };
}

/** Layer norm over `width` at `tokens` positions (γ, β). */
export function layerNorm(name: string, width: number, tokens: number): LayerProfile {
  return { name, params: 2 * width, forwardFlops: 8 * width * tokens, backwardFlops: 16 * width * tokens };
}

/**
 * Self-attention scores and mixing of one layer (no parameters): QKᵀ and AV
 * over `tokens` positions, 2 × 2·L²·width FLOPs, plus the softmax.
 */
export function attentionMixing(name: string, width: number, tokens: number): LayerProfile {
  const forward = 4 * tokens * tokens * width + 5 * tokens * tokens;
  return { name, params: 0, forwardFlops: forward, backwardFlops: 2 * forward };
}

/**
 * One LSTM layer (PyTorch's: two bias vectors) over a sequence of `steps`:
 * 4 gates of (input + hidden) × hidden multiply-adds per step.
 */
export function lstm(name: string, inputs: number, hidden: number, steps: number): LayerProfile {
  const params = 4 * hidden * (inputs + hidden) + 8 * hidden;
  const macs = 4 * hidden * (inputs + hidden) * steps;
  const elementwise = 10 * hidden * steps; // gate nonlinearities and the cell update
  return { name, params, forwardFlops: 2 * macs + elementwise, backwardFlops: 4 * macs + 2 * elementwise };
}

/** A parameter-free layer (pooling, activation, residual add) of `elements` outputs at `flopsPerElement`. */
export function elementwise(name: string, elements: number, flopsPerElement = 1): LayerProfile {
  return { name, params: 0, forwardFlops: elements * flopsPerElement, backwardFlops: 2 * elements * flopsPerElement };
}
