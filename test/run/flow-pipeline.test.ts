import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/run/resolve.js';
import { runScenario } from '../../src/run/run.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const scenario = (pipeline: string) => `name: fl
network: { fidelity: flow, flow: { pipeline: ${pipeline} } }
workers: { count: 4, batchSize: 8 }
model: { kind: logistic-regression, features: 200, trainSamples: 800, testSamples: 100 }
training: { iterations: 5, evalEvery: 1 }
output: { report: false }
schemes:
  - name: a
    uplink: { compressor: { kind: identity } }
`;

describe('network.flow.pipeline', () => {
  it('fluid drops the store-and-forward tail of flow fidelity: same bytes, less time; packet is the default', async () => {
    const run = async (text: string) => {
      const dir = mkdtempSync(join(tmpdir(), 'gw-flow-'));
      dirs.push(dir);
      return (await runScenario(resolveScenario(parseScenario(text, 'fl.yaml')), dir)).rows.at(-1)!;
    };
    const fluid = await run(scenario('fluid'));
    const packet = await run(scenario('packet'));
    const byDefault = await run(scenario('packet').replace(', flow: { pipeline: packet }', ''));
    expect(fluid.wire_bytes_up).toBe(packet.wire_bytes_up);
    expect(fluid.time_s).toBeLessThan(packet.time_s);
    expect(byDefault.time_s).toBe(packet.time_s);
    expect(() => parseScenario(scenario('wormhole'), 'bad.yaml')).toThrow(/network\.flow\.pipeline/);
  });
});
