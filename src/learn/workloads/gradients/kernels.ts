/**
 * The synthetic source's inner loops, over subarrays that all start at 0 and
 * unrolled by four: V8 then drops most bounds checks, which takes the loop
 * from ≈ 380 M to ≈ 700 M elements/s (`npm run bench -- gradients`).
 * Arithmetic is in float64, rounded once to float32 on the store.
 */

/** out[i] = shared[i] + k · scales[i] · noise[i] (lengths ≥ out.length). */
export function mixInto(out: Float32Array, shared: Float32Array, scales: Float32Array, noise: Float32Array, k: number): void {
  const n = out.length;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    out[i] = (shared[i] as number) + k * (scales[i] as number) * (noise[i] as number);
    out[i + 1] = (shared[i + 1] as number) + k * (scales[i + 1] as number) * (noise[i + 1] as number);
    out[i + 2] = (shared[i + 2] as number) + k * (scales[i + 2] as number) * (noise[i + 2] as number);
    out[i + 3] = (shared[i + 3] as number) + k * (scales[i + 3] as number) * (noise[i + 3] as number);
  }
  for (; i < n; i++) out[i] = (shared[i] as number) + k * (scales[i] as number) * (noise[i] as number);
}

/** out[i] = decay · out[i] + k · scales[i] · noise[i]: one AR(1) step in place. */
export function stepInto(out: Float32Array, decay: number, scales: Float32Array, noise: Float32Array, k: number): void {
  const n = out.length;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    out[i] = decay * (out[i] as number) + k * (scales[i] as number) * (noise[i] as number);
    out[i + 1] = decay * (out[i + 1] as number) + k * (scales[i + 1] as number) * (noise[i + 1] as number);
    out[i + 2] = decay * (out[i + 2] as number) + k * (scales[i + 2] as number) * (noise[i + 2] as number);
    out[i + 3] = decay * (out[i + 3] as number) + k * (scales[i + 3] as number) * (noise[i + 3] as number);
  }
  for (; i < n; i++) out[i] = decay * (out[i] as number) + k * (scales[i] as number) * (noise[i] as number);
}

/** out[i] = k · scales[i] · noise[i] (out's previous content is never read: it may hold anything). */
export function productInto(out: Float32Array, scales: Float32Array, noise: Float32Array, k: number): void {
  const n = out.length;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    out[i] = k * (scales[i] as number) * (noise[i] as number);
    out[i + 1] = k * (scales[i + 1] as number) * (noise[i + 1] as number);
    out[i + 2] = k * (scales[i + 2] as number) * (noise[i + 2] as number);
    out[i + 3] = k * (scales[i + 3] as number) * (noise[i + 3] as number);
  }
  for (; i < n; i++) out[i] = k * (scales[i] as number) * (noise[i] as number);
}
