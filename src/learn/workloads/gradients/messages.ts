/**
 * The catalog of error messages of the gradient sources (synthetic, recorded)
 * and of the `.npy` / `.safetensors` parsers. Each names the offending value,
 * what was expected, and the fix; tests compare against these functions.
 */

/** A synthetic-source option outside its range. */
export function optionOutOfRange(option: string, value: unknown, expected: string): string {
  return `synthetic gradients: option "${option}" must be ${expected}, got ${String(value)}.`;
}

/** A layer whose size is not a whole number ≥ 0. */
export function badLayerSize(layer: string, size: number): string {
  return `gradient source: layer "${layer}" has size ${size}; a layer's parameter count must be a whole number ≥ 0.`;
}

/** Layers without any parameter. */
export function noParameters(layers: number): string {
  return `gradient source: the ${layers} layers hold no parameter; a profile needs at least one layer of size ≥ 1.`;
}

/** An iteration that is not a whole number ≥ 1. */
export function badIteration(t: number): string {
  return `gradient source: iteration ${t} is not a whole number ≥ 1; iterations count from 1.`;
}

/** A worker index that is not a whole number ≥ 0. */
export function badWorker(worker: number): string {
  return `gradient source: worker ${worker} is not a whole number ≥ 0.`;
}

/** A slice outside the vector (or a whole-vector call with a buffer of the wrong length). */
export function badSlice(offset: number, length: number, dim: number): string {
  return `gradient source: coordinates [${offset}, ${offset + length}) are not inside the ${dim} of the vector; pass a buffer of length d, or an offset with offset + length ≤ d.`;
}

/** A file that does not hold what its format requires. */
export function badFile(file: string, expected: string, found: string): string {
  return `${file}: expected ${expected}, found ${found}.`;
}

/** A recorded gradient whose length is not the profile's d (or a layer's size). */
export function dimensionMismatch(file: string, what: string, expected: number, found: number): string {
  return `${file}: ${what} has ${found} elements, expected ${expected} (the profile's parameter count); record the gradient of the model the profile describes, or choose the matching profile.`;
}

/** A recorded-gradient directory without the expected layout. */
export function badRecordedLayout(dir: string, expected: string, found: string): string {
  return `${dir}: expected ${expected}, found ${found}; see docs/gradients.md for the layout of a recorded trace.`;
}

/** An iteration past the recorded ones, with cycling off. */
export function iterationNotRecorded(dir: string, t: number, recorded: number): string {
  return `${dir}: iteration ${t} was not recorded (iterations 1…${recorded} are); record more iterations, run fewer, or set cycle: true to replay the recorded ones in a loop.`;
}
