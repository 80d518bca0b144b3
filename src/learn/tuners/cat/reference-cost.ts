/**
 * CAT's reference communication models (cat-communication-aware-tuning.md §2.2),
 * for reproducing the paper: cost C as a function of payload bits P.
 */
export type ReferenceModel =
  | { readonly kind: 'payload' }
  /** C = c1·P + c0 */
  | { readonly kind: 'affine'; readonly c1: number; readonly c0: number }
  /** C = c1·⌈P / Pmax⌉ + c0 (eq. 6), Pmax in payload bits per packet */
  | { readonly kind: 'packet'; readonly c1: number; readonly c0: number; readonly pMaxBits: number };

/** Cost of `payloadBits` under a reference model. */
export function referenceCost(model: ReferenceModel, payloadBits: number): number {
  switch (model.kind) {
    case 'payload':
      return payloadBits;
    case 'affine':
      return model.c1 * payloadBits + model.c0;
    case 'packet':
      return model.c1 * Math.ceil(payloadBits / model.pMaxBits) + model.c0;
  }
}
