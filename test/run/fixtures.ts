import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/run/resolve.js';
import { tempDirs } from '../temp-dirs.js';

// Scenario pieces several tests of a run share.

// Registered when a test file first imports this module: the folders go after that file's tests.
const made = tempDirs('gradwire-');

/** A fresh folder for one run's output, removed after the tests of the file. */
export const tmp = (what: string) => made(`${what}-`);

/** A resolved scenario named t of the given YAML body. */
export const scenario = (body: string) => resolveScenario(parseScenario(`name: t\n${body}`, 't.yaml'));

/** Four workers on logistic regression, d = 64: a run of a few iterations takes well under a second. */
export const LOGISTIC_4 = `workers: { count: 4, batchSize: 16 }
model: { kind: logistic-regression, features: 64, trainSamples: 800, testSamples: 200 }
`;

/** On a ring: dense ring all-reduce (ar) and all-gather of Top-k, k = 8, with error feedback (ag). */
export const RING_AR_AND_AG = `network: { topology: ring }
schemes:
  - name: ar
    kind: ring-allreduce
  - name: ag
    kind: allgather
    uplink: { compressor: { kind: topk, k: 8 }, errorFeedback: true }
`;

/** Dense SGD by three workers on logistic regression (d = 40), 30 iterations, every one evaluated; `training` adds fields to `training:`. */
export const dense3 = (training = '') =>
  scenario(`workers: { count: 3, batchSize: 16 }
model: { kind: logistic-regression, features: 40, trainSamples: 600, testSamples: 100 }
training: { iterations: 30, learningRate: 20, evalEvery: 1${training} }
schemes:
  - name: dense
    uplink: { compressor: { kind: identity } }
`);

/** The records of a run directory's trace.ndjson, in order (of several shapes: read by field). */
export const traceEvents = (dir: string) =>
  readFileSync(join(dir, 'trace.ndjson'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
