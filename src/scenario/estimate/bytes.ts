import { totalmem } from 'node:os';

/** "1.23 GB" (SI units, as the estimate's inputs are counted). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${u === 0 ? v.toFixed(0) : v.toPrecision(3)} ${units[u]}`;
}

/**
 * Memory this process may use: the machine's total memory, or the cgroup's
 * limit when one is set (`process.constrainedMemory`), whichever is smaller.
 */
export function availableMemoryBytes(): number {
  const total = totalmem();
  const constrained = typeof process.constrainedMemory === 'function' ? process.constrainedMemory() : 0;
  return constrained !== undefined && constrained > 0 ? Math.min(total, constrained) : total;
}

/**
 * Parse a size as `--max-memory` takes it: a number of bytes, or with a
 * unit: kB, MB, GB, TB (SI) or KiB, MiB, GiB, TiB. Undefined when malformed.
 */
export function parseBytes(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kKMGT]i?B|B)?\s*$/.exec(text);
  if (!m) return undefined;
  const unit = m[2] ?? 'B';
  const scale: Record<string, number> = { B: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KiB: 2 ** 10, kiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40 };
  const f = scale[unit];
  return f === undefined ? undefined : Number(m[1]) * f;
}
