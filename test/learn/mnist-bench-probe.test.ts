import { it } from 'vitest';
import { runMnistGradientBench } from '../../src/bench/mnist.js';
it('bench', async () => { await runMnistGradientBench(); });
