import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ResultFileError, readJsonFile } from '../../src/results/index.js';
import { ResultFileError as ReportsResultFileError } from '../../reports/result-file.js';
import { tempDirs } from '../temp-dirs.js';

const tmp = tempDirs('gw-read-json-');
const Schema = z.object({ name: z.string(), count: z.number().int(), mode: z.enum(['a', 'b']), items: z.array(z.object({ at: z.number() })) });

/** `text` written to a file of a new folder; its path. */
function fileWith(text: string): string {
  const file = join(tmp(), 'x.json');
  writeFileSync(file, text);
  return file;
}

/** What readJsonFile throws for `file`: a ResultFileError (asserted), its message and problem. */
function refusal(file: string): { message: string; problem: string } {
  try {
    readJsonFile(file, Schema);
  } catch (e) {
    expect(e).toBeInstanceOf(ResultFileError);
    return { message: (e as ResultFileError).message, problem: (e as ResultFileError).problem };
  }
  throw new Error(`${file} was read`);
}

describe('readJsonFile: a JSON result file read by its schema', () => {
  it('gives the parsed value, fields the schema does not declare dropped', () => {
    const file = fileWith(JSON.stringify({ name: 'n', count: 2, mode: 'b', items: [{ at: 1 }], extra: true }));
    expect(readJsonFile(file, Schema)).toEqual({ name: 'n', count: 2, mode: 'b', items: [{ at: 1 }] });
  });

  it('names the file, the field, what was expected and what was given', () => {
    const ok = { name: 'n', count: 2, mode: 'a', items: [] };
    const cases: [unknown, string][] = [
      [{ ...ok, count: '2' }, 'count: expected a number, given "2"'],
      [{ ...ok, mode: 'c' }, 'mode: expected one of "a", "b", given "c"'],
      [{ ...ok, items: [{ at: 1 }, { at: null }] }, 'items[1].at: expected a number, given null'],
      [{ count: 2, mode: 'a', items: [] }, 'name: expected a string, given nothing (the field is missing)'],
      [{ ...ok, name: { first: 'n' } }, 'name: expected a string, given an object with keys "first"'],
      [[1, 2], '(top level): expected an object, given a list of 2'],
    ];
    for (const [json, problem] of cases) {
      const file = fileWith(JSON.stringify(json));
      expect(refusal(file)).toEqual({ message: `${file}: ${problem}`, problem });
    }
  });

  it('refuses text that is not JSON, a missing file and a folder, naming the file', () => {
    const cut = fileWith('{"name": "n", "cou');
    expect(refusal(cut).message).toMatch(new RegExp(`^${cut}: expected JSON, given text that is not \\(.+\\)$`));
    const missing = join(tmp(), 'none.json');
    expect(refusal(missing).message).toBe(`${missing}: not found`);
    const folder = join(tmp(), 'dir.json');
    mkdirSync(folder);
    expect(refusal(folder).message).toMatch(new RegExp(`^${folder}: cannot be read \\(EISDIR`));
  });

  it('throws the error the report and the CLI take for a bad result file (one class)', () => {
    expect(ReportsResultFileError).toBe(ResultFileError);
  });
});
