import * as tf from '@tensorflow/tfjs';

/**
 * Optional native backend. It is looked up at run time only, so it is never a
 * dependency: if a user installs it, it is used; otherwise nothing changes.
 * Held in a variable so TypeScript does not try to resolve the module.
 */
const NATIVE_BACKEND_MODULE = '@tensorflow/tfjs-node';
const WASM_BACKEND_MODULE = '@tensorflow/tfjs-backend-wasm';

let initialised: Promise<string> | undefined;

/**
 * Choose and initialise the TensorFlow.js backend, fastest first:
 * `tensorflow` (if `@tensorflow/tfjs-node` happens to be installed), then
 * `wasm` (the default; the .wasm binaries ship in the package, so no network
 * is needed), then the pure-JS `cpu` backend.
 *
 * Idempotent: every call after the first returns the same settled promise.
 * Must be awaited before any tensor is created (the models' `create()`
 * factories do this), otherwise tfjs would pick the CPU backend by itself
 * and print its "install tfjs-node" banner (to stderr, via console.warn).
 *
 * @returns the name of the backend that actually runs (`tf.getBackend()`).
 */
export function initBackend(): Promise<string> {
  initialised ??= chooseBackend().catch((error: unknown) => {
    // A failed initialisation must not be cached: let the next call retry.
    initialised = undefined;
    throw error;
  });
  return initialised;
}

async function chooseBackend(): Promise<string> {
  if ((await tryModule(NATIVE_BACKEND_MODULE)) && (await trySetBackend('tensorflow'))) {
    return tf.getBackend();
  }
  if ((await tryModule(WASM_BACKEND_MODULE)) && (await trySetBackend('wasm'))) {
    return tf.getBackend();
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return tf.getBackend();
}

/** Import a module for its side effect (registering a backend); false if absent. */
async function tryModule(specifier: string): Promise<boolean> {
  try {
    await import(specifier);
    return true;
  } catch {
    return false;
  }
}

/**
 * Switch to a registered backend. A backend module from a different tfjs-core
 * copy (version mismatch) registers into another engine, so check the
 * registry first instead of letting setBackend warn about an unknown name.
 */
async function trySetBackend(name: string): Promise<boolean> {
  if (tf.findBackendFactory(name) == null) return false;
  try {
    const ok = await tf.setBackend(name);
    if (!ok) return false;
    await tf.ready();
    return tf.getBackend() === name;
  } catch {
    return false;
  }
}
