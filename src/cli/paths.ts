import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { utf8Text } from '../scenario/utf8.js';
import { describeValue } from '../text/value-words.js';
import { InputError } from './errors.js';

// Paths given on the command line, checked before anything is written: a wrong one is bad input (exit 2) naming
// the flag, not an EEXIST or ENOTDIR from deep inside a writer.

const code = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/** What is at `path`: a directory, something else, or nothing (an unreadable path is reported with the flag). */
function kind(flag: string, given: string, path: string): 'dir' | 'other' | 'none' {
  try {
    return statSync(path).isDirectory() ? 'dir' : 'other';
  } catch (e) {
    const c = code(e);
    if (c === 'ENOENT' || c === 'ENOTDIR') return 'none';
    throw new InputError(`${flag}: cannot use ${describeValue(given)}: ${c}`);
  }
}

/** The nearest existing ancestor of `path` that is not a directory (nothing can be created under it), if any. */
function fileAbove(flag: string, given: string, path: string): string | undefined {
  for (let at = dirname(path); ; at = dirname(at)) {
    const k = kind(flag, given, at);
    if (k === 'dir') return undefined;
    if (k === 'other') return at;
    if (dirname(at) === at) return undefined;
  }
}

/** A directory to write into (created if absent): its absolute path, or a refusal naming the flag. */
export function outDir(flag: string, given: string): string {
  const expected = `${flag}: expected a directory to write into`;
  if (given.trim() === '') throw new InputError(`${expected}, given ${describeValue(given)}`);
  const path = resolve(given);
  if (kind(flag, given, path) === 'other') throw new InputError(`${expected}, given ${describeValue(given)}, a file`);
  const file = fileAbove(flag, given, path);
  if (file !== undefined) throw new InputError(`${expected}, given ${describeValue(given)}, under ${describeValue(file)}, a file`);
  return path;
}

/** A file to write (replaced if present): its absolute path, or a refusal naming the flag. */
export function outFile(flag: string, given: string): string {
  const expected = `${flag}: expected a file to write`;
  if (given.trim() === '') throw new InputError(`${expected}, given ${describeValue(given)}`);
  const path = resolve(given);
  if (kind(flag, given, path) === 'dir') throw new InputError(`${expected}, given ${describeValue(given)}, a directory`);
  const file = fileAbove(flag, given, path);
  if (file !== undefined) throw new InputError(`${expected}, given ${describeValue(given)}, under ${describeValue(file)}, a file`);
  return path;
}

/** An existing directory to read (`what` names it in the message, e.g. "run directory"). */
export function inDir(what: string, given: string): string {
  const path = resolve(given);
  const k = kind(what, given, path);
  if (k !== 'dir') throw new InputError(`${what}: expected a directory, given ${describeValue(given)}, ${k === 'none' ? 'which does not exist' : 'a file'}`);
  return path;
}

/** A text file's contents, UTF-8, or a refusal naming the flag (missing, a directory, unreadable, not UTF-8). */
export function readTextFile(flag: string, given: string, maxBytes = 2 ** 30): string {
  let bytes: Buffer;
  try {
    // a device might be read for ever (/dev/zero): regular files and pipes only
    const st = statSync(given);
    if (!st.isFile() && !st.isFIFO()) throw new InputError(`${flag}: expected a file, given ${describeValue(given)}, ${st.isDirectory() ? 'a directory' : 'not a regular file (a device or socket)'}`);
    if (st.size > maxBytes) throw new InputError(`${flag}: expected a file of at most ${maxBytes} bytes, given ${describeValue(given)} of ${st.size}`);
    bytes = readFileSync(given);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${flag}: cannot read ${describeValue(given)}: ${code(e)}`);
  }
  const decoded = utf8Text(bytes);
  if ('notText' in decoded) throw new InputError(`${flag}: expected UTF-8 text in ${describeValue(given)}, given ${decoded.notText}`);
  return decoded.text;
}
