/** The payload's value section and counts, as the Encoding writes and reads them. */
import * as msg from '../messages.js';
import { qsgdValue, signScaleValue, type ValueCode } from '../compress/message.js';
import type { BitWriter } from './bits.js';
import { levelWidth } from './codings.js';

/** How one value of a value code is written, for `Encoding.describe`. */
export function describeValue(code: ValueCode): string {
  switch (code.kind) {
    case 'fp32':
      return '32-bit fp32 value';
    case 'fp64':
      return '64-bit fp64 value';
    case 'sign-scale':
      return '1-bit sign';
    case 'qsgd':
      return `1-bit sign + ${levelWidth(code.s)}-bit level`;
  }
}

/** `x` when a message's scale or norm can be written as a float32; throws otherwise. */
export function checkScalar(x: number, what: string): number {
  if (!(Number.isFinite(x) && x >= 0 && Math.fround(x) === x)) {
    throw new RangeError(msg.unencodable('value code', `${what} ${x} is not a finite non-negative float32`));
  }
  return x;
}

/** Write the value section: each value under its code, checked to decode back to itself. */
export function writeValues(w: BitWriter, values: Float32Array, code: ValueCode): void {
  const k = values.length;
  switch (code.kind) {
    case 'fp32':
      for (let j = 0; j < k; j++) w.writeF32(values[j] as number);
      return;
    case 'fp64':
      for (let j = 0; j < k; j++) w.writeF64(values[j] as number);
      return;
    case 'sign-scale':
      for (let j = 0; j < k; j++) {
        const v = values[j] as number;
        const negative = v < 0 || Object.is(v, -0);
        if (v !== signScaleValue(code.scale, negative)) throw new RangeError(msg.unencodable('sign-scale', `value ${v} at ${j} is not ±${code.scale}`));
        w.write(negative ? 1 : 0, 1);
      }
      return;
    case 'qsgd': {
      const width = levelWidth(code.s);
      if (code.levels.length !== k) throw new RangeError(msg.unencodable('qsgd', `${code.levels.length} levels for ${k} values`));
      for (let j = 0; j < k; j++) {
        const level = code.levels[j] as number;
        const magnitude = Math.abs(level);
        if (magnitude > code.s || values[j] !== qsgdValue(code.norm, level, code.s)) {
          throw new RangeError(msg.unencodable('qsgd', `value ${values[j]} at ${j} does not decode from level ${level}`));
        }
        w.write(level < 0 ? 1 : 0, 1);
        w.write(magnitude, width);
      }
      return;
    }
  }
}

/** k = bits / per, which must divide exactly. */
export function exactCount(bits: number, per: number): number {
  if (per === 0 || bits % per !== 0) throw new RangeError(msg.malformedPayload(`${bits} bits are not a whole number of ${per}-bit entries`));
  return bits / per;
}
