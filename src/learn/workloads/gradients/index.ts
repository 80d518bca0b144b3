/**
 * Gradient sources for workload profiles: where a profile's true-size
 * gradients come from (synthetic, or recorded from a real run), and the pure
 * parsers of recorded files. See docs/gradients.md.
 */
export type { GradientLayer, GradientSource } from './source.js';
export { SyntheticGradientSource, SYNTHETIC_GRADIENT_DEFAULTS, SYNTHETIC_CHUNK, type SyntheticGradientOptions } from './synthetic.js';
export { MAGNITUDE_FAMILIES, type MagnitudeFamily } from './magnitudes.js';
export { RecordedSource, type RecordedFiles, type RecordedSourceOptions } from './recorded.js';
export { parseNpy, readNpyHeader, type NpyHeader } from './npy.js';
export { parseSafetensors, readSafetensorsHeader, type SafetensorsHeader, type SafetensorsTensor } from './safetensors.js';
export { decodeFloats, DTYPE_BYTES, type FloatDtype } from './dtypes.js';
