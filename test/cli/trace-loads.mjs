// `node --import ./trace-loads.mjs …` appends every module the process loads to the file
// $GRADWIRE_TRACE_LOADS, one a line: each ES module's URL as it is resolved (a resolve hook,
// which runs on the loader-hooks thread) and, at exit, every CommonJS module's path (require.cache).
// startup.test.ts reads it to check what a command loads.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

const out = process.env.GRADWIRE_TRACE_LOADS;
if (!out) throw new Error('trace-loads.mjs: set GRADWIRE_TRACE_LOADS to the file to append to');

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  appendFileSync(out, `${resolved.url}\n`);
  return resolved;
}

if (isMainThread) {
  register(import.meta.url);
  const cache = createRequire(import.meta.url).cache;
  process.on('exit', () =>
    appendFileSync(
      out,
      Object.keys(cache)
        .map((path) => `${path}\n`)
        .join(''),
    ),
  );
}
