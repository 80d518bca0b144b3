import * as tf from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';

// This file runs in its own module context, so initBackend starts fresh here.
vi.mock('@tensorflow/tfjs-backend-wasm', () => {
  throw new Error('simulated: wasm backend not installed');
});

describe('initBackend without the wasm package', () => {
  it('falls back to the cpu backend', async () => {
    const { initBackend } = await import('../../src/learn/backend.js');
    expect(await initBackend()).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });
});
