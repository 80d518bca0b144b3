/** Weights the model tests draw: normal coordinates from a named stream, so each test's vector is its own. */
import type { RandomStreams } from '../../../src/sim/random.js';

/** `(d, scale, name)` ↦ d normal(0, scale) weights from `streams`' stream `name`. */
export function weightsFrom(streams: RandomStreams): (d: number, scale: number, name: string) => Float32Array {
  return (d, scale, name) => {
    const s = streams.stream(name);
    return Float32Array.from({ length: d }, () => s.normal(0, scale));
  };
}
