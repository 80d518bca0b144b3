/**
 * CAT's communication cost C as a function of payload bits: a function, or
 * one of the reference models of §2.2, and the cost shape a model guarantees.
 */
import { referenceCost, type ReferenceModel } from './reference-cost.js';
import type { CostShape } from './types.js';

/** A communication cost as a function of the payload bits P: C = cost(P) (bits, packets, seconds, joules…). */
export type CostFunction = (payloadBits: number) => number;

/** A cost given either as a function of payload bits or as one of CAT's reference models (§2.2). */
export type CatCost = CostFunction | ReferenceModel;

/**
 * The cost shape a reference model guarantees: payload (C = P) and affine
 * (C = c1·P + c0) are affine in T over an encoding affine in T; the packet
 * model (eq. 6) is constant on each packet count.
 */
export function shapeOf(model: ReferenceModel): CostShape {
  switch (model.kind) {
    case 'payload':
    case 'affine':
      return { kind: 'affine' };
    case 'packet':
      return { kind: 'packet', pMaxBits: model.pMaxBits };
  }
}

/** C as a function of payload bits: the function itself, or `referenceCost(model, ·)`. */
export function costFunctionOf(cost: CatCost): CostFunction {
  return typeof cost === 'function' ? cost : (bits) => referenceCost(cost, bits);
}
