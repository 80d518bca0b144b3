import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import * as msg from './messages.js';
import { RecordedSource, type RecordedFiles, type RecordedSourceOptions } from './recorded.js';
import type { GradientLayer } from './source.js';

/**
 * File access for a recorded gradient trace on the local disk. `read` fills
 * one grow-only buffer and returns a view of it, so replaying a trace
 * allocates nothing per call once the buffer has reached the largest read
 * (d × element size for a whole-vector call).
 */
export function nodeRecordedFiles(): RecordedFiles {
  let buffer = Buffer.alloc(0);
  const fail = (path: string, what: string, e: unknown): never => {
    throw new Error(msg.badRecordedLayout(path, what, (e as NodeJS.ErrnoException).code ?? String(e)));
  };
  return {
    listDir(path) {
      try {
        return readdirSync(path);
      } catch (e) {
        return fail(path, 'a readable directory', e);
      }
    },
    size(path) {
      try {
        return statSync(path).size;
      } catch (e) {
        return fail(path, 'a readable file', e);
      }
    },
    read(path, position, length) {
      if (buffer.length < length) buffer = Buffer.alloc(length);
      let fd: number;
      try {
        fd = openSync(path, 'r');
      } catch (e) {
        return fail(path, 'a readable file', e);
      }
      try {
        let got = 0;
        while (got < length) {
          const n = readSync(fd, buffer, got, length - got, position + got);
          if (n === 0) break; // end of file
          got += n;
        }
        return buffer.subarray(0, got);
      } finally {
        closeSync(fd);
      }
    },
  };
}

/**
 * A {@link RecordedSource} over a trace directory on disk (layout in
 * `recorded.ts` and docs/gradients.md).
 * @param dir the trace's directory
 * @param layers the profile's layers in forward order
 */
export function openRecorded(dir: string, layers: readonly GradientLayer[], options: RecordedSourceOptions = {}): RecordedSource {
  return new RecordedSource(dir.length > 1 ? dir.replace(/\/+$/, '') : dir, layers, nodeRecordedFiles(), options);
}
