import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inDir, outDir, outFile, readTextFile } from '../../src/cli/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'gw-paths-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'file.txt'), 'x');
mkdirSync(join(dir, 'sub'));

describe('paths given on the command line', () => {
  it('an output directory: absent (under a directory) or a directory; never a file, nor under one, nor empty', () => {
    expect(outDir('--out', join(dir, 'new', 'deeper'))).toBe(join(dir, 'new', 'deeper'));
    expect(outDir('--out', join(dir, 'sub'))).toBe(join(dir, 'sub'));
    expect(() => outDir('--out', join(dir, 'file.txt'))).toThrow(/^--out: expected a directory to write into, given ".*file\.txt", a file$/);
    expect(() => outDir('--out', join(dir, 'file.txt', 'a', 'b'))).toThrow(/given ".*file\.txt\/a\/b", under ".*file\.txt", a file$/);
    expect(() => outDir('--out', ' ')).toThrow('--out: expected a directory to write into, given " "');
  });

  it('an output file: never a directory', () => {
    expect(outFile('--out', join(dir, 'schema.json'))).toBe(join(dir, 'schema.json'));
    expect(() => outFile('--out', join(dir, 'sub'))).toThrow(/expected a file to write, given ".*sub", a directory/);
    expect(() => outFile('--out', join(dir, 'file.txt', 'x.json'))).toThrow(/under ".*file\.txt", a file/);
  });

  it('an input directory and an input text file', () => {
    expect(inDir('report', join(dir, 'sub'))).toBe(join(dir, 'sub'));
    expect(() => inDir('report', join(dir, 'nope'))).toThrow(/report: expected a directory, given ".*nope", which does not exist/);
    expect(() => inDir('report', join(dir, 'file.txt'))).toThrow(/a file$/);
    expect(readTextFile('--traffic', join(dir, 'file.txt'))).toBe('x');
    expect(() => readTextFile('--traffic', join(dir, 'sub'))).toThrow(/--traffic: expected a file, given ".*sub", a directory/);
    expect(() => readTextFile('--traffic', join(dir, 'file.txt'), 0)).toThrow(/expected a file of at most 0 bytes, given ".*file\.txt" of 1/);
  });
});
