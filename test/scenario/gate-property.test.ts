import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom as rng } from './seeded.js';
import { gateRefusal } from '../../src/scenario/gate.js';
import { availableMemoryBytes } from '../../src/scenario/estimate/memory.js';
import { resolveScenario } from '../../src/run/resolve.js';
import { runScenario } from '../../src/run/run.js';
import { parseScenario } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/messages.js';

// One gate (issue #15): a scenario that validation (the file's checks, then memory, heap and events) accepts runs to
// the end; one it refuses is a ScenarioError or a refusal naming the file, never an exception from inside the run.
// Seeded mutations of a small valid scenario, so every run of this test tries the same cases.

const dir = mkdtempSync(join(tmpdir(), 'gw-gate-property-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BASE = {
  name: 'base',
  seed: 1,
  network: { topology: 'parameter-server-star', fidelity: 'auto', workerLink: { preset: 'ethernet-1g-udp', set: {} } },
  workers: { count: 3, batchSize: 4 },
  model: { kind: 'logistic-regression', features: 6, trainSamples: 48, testSamples: 12 },
  training: { iterations: 3, learningRate: 0.5, evalEvery: 1 },
  output: { report: false },
  schemes: [
    { name: 'dense', uplink: { compressor: { kind: 'identity' } } },
    { name: 'topk', kind: 'parameter-server', uplink: { compressor: { kind: 'topk', ratio: 0.5 }, errorFeedback: true } },
  ],
};

const PATHS = [
  'seed',
  'workers.count',
  'workers.batchSize',
  'model.features',
  'model.trainSamples',
  'model.testSamples',
  'model.kind',
  'training.iterations',
  'training.learningRate',
  'training.evalEvery',
  'training.divergenceFactor',
  'network.topology',
  'network.fidelity',
  'network.workerLink.preset',
  'network.workerLink.set.bandwidthBps',
  'network.workerLink.set.latencyS',
  'network.workerLink.set.arq.packetErrorRate',
  'network.workerLink.set.queue.capacityPackets',
  'schemes.0.uplink.compressor.kind',
  'schemes.1.kind',
  'schemes.1.uplink.compressor.ratio',
  'schemes.1.uplink.compressor.k',
  'schemes.1.uplink.errorFeedback',
  'schemes.1.downlink',
  'schemes.0.name',
  'output',
];
const VALUES: unknown[] = [
  -1,
  0,
  0.5,
  1,
  2,
  7,
  1e308,
  -1e308,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  1e-300,
  2 ** 53,
  'x',
  '',
  null,
  true,
  [],
  {},
  'ring-allreduce',
  'gtopk',
  'allgather',
  'packet',
  'flow',
  'ieee802154',
  'lte',
  'tree',
  'ring',
  'topk',
  'qsgd',
  'randk',
  { compressor: { kind: 'topk', ratio: 0.5 }, errorFeedback: true },
];

function mutate(next: () => number): { raw: Record<string, unknown>; what: string } {
  const raw = structuredClone(BASE) as Record<string, unknown>;
  const changes: string[] = [];
  for (let m = 0; m < 1 + Math.floor(next() * 2); m++) {
    const path = PATHS[Math.floor(next() * PATHS.length)]!;
    const value = next() < 0.1 ? undefined : VALUES[Math.floor(next() * VALUES.length)];
    const keys = path.split('.');
    let at = raw as Record<string, unknown>;
    for (const k of keys.slice(0, -1)) {
      if (at[k] === null || typeof at[k] !== 'object') at[k] = {};
      at = at[k] as Record<string, unknown>;
    }
    if (value === undefined) delete at[keys.at(-1)!];
    else at[keys.at(-1)!] = value;
    changes.push(`${path} = ${value === undefined ? '(deleted)' : JSON.stringify(value)}`);
  }
  return { raw, what: changes.join(', ') };
}

describe('the gate, on seeded mutations of a valid scenario', () => {
  it('accepts only what runs, and refuses the rest with the file named', async () => {
    const next = rng(15);
    // (200 mutations: about one in ten is accepted and run)
    const outcomes = { refused: 0, ran: 0 };
    const failures: string[] = [];
    for (let i = 0; i < 200; i++) {
      const { raw, what } = mutate(next);
      const name = `m${i}.yaml`;
      let scenario;
      try {
        scenario = parseScenario(stringify(raw), name);
      } catch (e) {
        if (!(e instanceof ScenarioError)) failures.push(`${what}: parsing threw ${(e as Error).name}: ${(e as Error).message}`);
        else if (!e.message.startsWith(name)) failures.push(`${what}: refusal does not name the file: ${e.message}`);
        outcomes.refused++;
        continue;
      }
      const resolved = resolveScenario(scenario);
      const refusal = gateRefusal(name, resolved, availableMemoryBytes());
      if (refusal !== undefined) {
        if (!refusal.startsWith(name)) failures.push(`${what}: refusal does not name the file: ${refusal}`);
        outcomes.refused++;
        continue;
      }
      try {
        await runScenario(resolved, join(dir, `run-${i}`));
        outcomes.ran++;
      } catch (e) {
        failures.push(`${what}: accepted, then the run threw ${(e as Error).name}: ${(e as Error).message.split('\n')[0]}`);
      }
    }
    expect(failures.join('\n')).toBe('');
    if (process.env.GATE_LOG) console.log(outcomes);
    // the mutations are not all refused (nor all harmless): both sides of the gate are exercised
    expect(outcomes.refused).toBeGreaterThan(10);
    expect(outcomes.ran).toBeGreaterThan(10);
  }, 300_000);
});
