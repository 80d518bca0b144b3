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
      [{ ...ok, count: '2' }, 'count: expected a whole number, given "2"'],
      [{ ...ok, mode: 'c' }, 'mode: expected "a" or "b", given "c"'],
      [{ ...ok, items: [{ at: 1 }, { at: null }] }, 'items[1].at: expected a finite number, given null'],
      [{ count: 2, mode: 'a', items: [] }, 'name: expected a text, given nothing (the field is missing)'],
      [{ ...ok, name: { first: 'n' } }, 'name: expected a text, given a mapping with keys "first"'],
      [[1, 2], '(top level): expected a mapping, given [1, 2]'],
    ];
    for (const [json, problem] of cases) {
      const file = fileWith(JSON.stringify(json));
      expect(refusal(file)).toEqual({ message: `${file}: ${problem}`, problem });
    }
  });

  it('words bounds, formats, unions and a field that may be null', () => {
    const Words = z.object({
      pid: z.number().int().nonnegative(),
      share: z.number().positive().max(1),
      below: z.number().lt(10),
      half: z.number().gt(0.5),
      owner: z.string().nullable(),
      count: z.number().int().nullable().optional(),
      started: z.string().regex(/^\d{4}-/),
      id: z.union([z.string(), z.number()]),
      shape: z.union([z.object({ a: z.number() }), z.object({ b: z.string() })]),
      list: z.array(z.number()).min(2),
      name: z.string().max(3),
    });
    const ok = { pid: 1, share: 0.5, below: 9, half: 1, owner: null, count: 2, started: '2026-12-06', id: 'x', shape: { a: 1 }, list: [1, 2], name: 'abc' };
    const cases: [object, string][] = [
      [{ pid: -1 }, 'pid: expected a whole number ≥ 0, given number -1'],
      [{ pid: 1.5 }, 'pid: expected a whole number ≥ 0, given number 1.5'],
      [{ share: 0 }, 'share: expected a number in (0, 1], given number 0'],
      [{ share: 2 }, 'share: expected a number in (0, 1], given number 2'],
      [{ below: 10 }, 'below: expected a finite number < 10, given number 10'],
      [{ half: 0.5 }, 'half: expected a finite number > 0.5, given number 0.5'],
      [{ owner: 5 }, 'owner: expected a text or null, given number 5'],
      [{ count: -1.5 }, 'count: expected a whole number or null, given number -1.5'],
      [{ started: 'today' }, 'started: expected a text matching /^\\d{4}-/, given "today"'],
      [{ id: true }, 'id: expected a text or a finite number, given boolean true'],
      [{ shape: { c: 1 } }, 'shape: expected one of the allowed forms, given a mapping with keys "c"'],
      [{ list: [1] }, 'list: expected a list of at least 2 items, given [1]'],
      [{ name: 'abcd' }, 'name: expected a text of at most 3 characters, given "abcd"'],
    ];
    for (const [change, problem] of cases) {
      const file = fileWith(JSON.stringify({ ...ok, ...change }));
      let message = '';
      try {
        readJsonFile(file, Words);
      } catch (e) {
        expect(e).toBeInstanceOf(ResultFileError);
        message = (e as Error).message;
      }
      expect(message).toBe(`${file}: ${problem}`);
    }
    expect(readJsonFile(fileWith(JSON.stringify(ok)), Words)).toEqual(ok);
  });

  it('refuses text that is not JSON, a missing file and a folder, naming the file', () => {
    const cut = fileWith('{"name": "n", "cou');
    const cutMessage = refusal(cut).message;
    expect(cutMessage.startsWith(`${cut}: expected JSON, given text that is not (`) && cutMessage.endsWith(')')).toBe(true);
    const missing = join(tmp(), 'none.json');
    expect(refusal(missing).message).toBe(`${missing}: not found`);
    const folder = join(tmp(), 'dir.json');
    mkdirSync(folder);
    expect(refusal(folder).message.startsWith(`${folder}: cannot be read (EISDIR`)).toBe(true);
  });

  it('throws the error the report and the CLI take for a bad result file (one class)', () => {
    expect(ReportsResultFileError).toBe(ResultFileError);
  });
});
