import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeProgress } from '../../src/cli/progress.js';

describe('progress off a terminal', () => {
  const tty = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
  afterEach(() => {
    vi.restoreAllMocks();
    if (tty) Object.defineProperty(process.stderr, 'isTTY', tty);
    else delete (process.stderr as { isTTY?: boolean }).isTTY;
  });

  /** What stderr, made not a terminal, receives from here on. */
  function capture(): string[] {
    Object.defineProperty(process.stderr, 'isTTY', { value: false, configurable: true });
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    return written;
  }

  /** The lines a progress display writes for updates 1 … total. */
  async function lines(total: number, label: string): Promise<string[]> {
    const written = capture();
    const p = makeProgress();
    p.start(total, label);
    for (let done = 1; done <= total; done++) await p.update(done, label);
    p.stop();
    return written;
  }

  it('writes one plain line per tenth of the iterations, the last at 100 %', async () => {
    const out = await lines(20, 'dense');
    expect(out).toHaveLength(10);
    expect(out[0]).toBe('[2/20 iterations, 10 %] dense\n');
    expect(out[4]).toBe('[10/20 iterations, 50 %] dense\n');
    expect(out[9]).toBe('[20/20 iterations, 100 %] dense\n');
  });

  it('writes a line per update when there are fewer than ten, with the percentage rounded', async () => {
    expect(await lines(3, 'topk')).toEqual(['[1/3 iterations, 33 %] topk\n', '[2/3 iterations, 67 %] topk\n', '[3/3 iterations, 100 %] topk\n']);
  });

  it('starts counting again at each start', async () => {
    const written = capture();
    const p = makeProgress();
    p.start(2, 'a');
    await p.update(2, 'a');
    p.start(2, 'b');
    await p.update(2, 'b');
    expect(written).toEqual(['[2/2 iterations, 100 %] a\n', '[2/2 iterations, 100 %] b\n']);
  });
});
