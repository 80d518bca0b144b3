import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { initBackend } from '../../src/learn/backend.js';

describe('initBackend', () => {
  afterEach(() => vi.restoreAllMocks());

  it('selects the wasm backend when tfjs-node is not installed, and reports what runs', async () => {
    const name = await initBackend();
    expect(name).toBe('wasm');
    expect(tf.getBackend()).toBe(name);
  });

  it('is idempotent: repeated calls return the same backend without re-initialising', async () => {
    const first = await initBackend();
    const again = await Promise.all([initBackend(), initBackend(), initBackend()]);
    expect(again).toEqual([first, first, first]);
  });

  it('prints nothing (no "install tfjs-node" banner) while computing', async () => {
    const log = vi.spyOn(console, 'log');
    const warn = vi.spyOn(console, 'warn');
    await initBackend();
    tf.tidy(() => tf.sum(tf.mul(tf.tensor1d([1, 2, 3]), 2)).dataSync());
    expect(log).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
  });
});
