#!/usr/bin/env node
import { runEngineBench } from './engine.js';
import { runNetBench } from './net.js';
import { runCompressBench } from './compress.js';
import { runMnistGradientBench } from './mnist.js';
import { runSweepBench } from './sweep.js';
import { runGtopkBench } from './gtopk.js';
import { runCatBench } from './cat.js';
import { runScaleBench } from './scale.js';

/** Benchmark suites by name: `npm run bench -- <suite>`. */
const suites: Record<string, () => void | Promise<void>> = {
  engine: runEngineBench,
  net: runNetBench,
  compress: async () => {
    await runCompressBench();
    await runMnistGradientBench();
    await runGtopkBench();
    await runCatBench();
  },
  sweep: runSweepBench,
  scale: runScaleBench,
  gradients: async () => (await import('./gradients.js')).runGradientsBench(),
  startup: async () => (await import('./startup.js')).runStartupBench(),
};

const requested = process.argv.slice(2);
const names = requested.length > 0 ? requested : Object.keys(suites);
for (const name of names) {
  const suite = suites[name];
  if (!suite) {
    process.stderr.write(`unknown bench suite "${name}"; known suites: ${Object.keys(suites).join(', ')}\n`);
    process.exit(2);
  }
  await suite();
}
