import { availableMemoryBytes, parseBytes } from '../scenario/estimate/memory.js';
import { describeValue } from '../text/value-words.js';
import { InputError } from './errors.js';

/** `--max-memory` in bytes (default: what the machine has), or a clear refusal of a malformed size. */
export function memoryLimit(option: string | undefined): number {
  if (option === undefined) return availableMemoryBytes();
  const bytes = parseBytes(option);
  if (bytes === undefined || !(bytes > 0) || !Number.isFinite(bytes)) throw new InputError(`--max-memory: expected a size such as 16GB, 12GiB or 8000000000, given ${describeValue(option)}`);
  return bytes;
}
