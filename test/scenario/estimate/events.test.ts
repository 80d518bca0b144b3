import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario, parseScenario } from '../../../src/scenario/load.js';
import { MAX_EVENTS, estimateEvents, eventRefusal } from '../../../src/scenario/estimate/events.js';

const dir = mkdtempSync(join(tmpdir(), 'gw-events-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CLI = join(import.meta.dirname, '../../../dist/src/cli/main.js');

/** ResNet-50 (25.6 M parameters) dense over IEEE 802.15.4: ~10⁶ frames per message. */
const HUGE = `name: huge
network: { topology: parameter-server-star, workerLink: { preset: ieee802154 }, serverLink: { preset: ieee802154 } }
workers: { count: 64, device: cortex-m4, batchSize: 8 }
model: { kind: profile, name: resnet50 }
training: { iterations: 100 }
schemes:
  - name: dense
    uplink: { compressor: { kind: identity } }
`;

describe('the simulated-event estimate', () => {
  it('counts packets only where every packet is an event, and scales with iterations, messages and size', () => {
    const s = loadScenario('scenarios/default.yaml');
    const base = estimateEvents(s);
    expect(base).toBeGreaterThan(0);
    expect(base).toBeLessThan(1e7);
    expect(estimateEvents({ ...s, training: { ...s.training, iterations: 600 } })).toBe(2 * base);
    // packet fidelity on the same Ethernet: 8 KB dense messages are 6 packets each
    expect(estimateEvents({ ...s, network: { ...s.network, fidelity: 'packet' } })).toBeGreaterThan(base);
    expect(eventRefusal('default.yaml', s)).toBeUndefined();
  });

  it('counts transport ACK frames at packet fidelity (TCP: one per second packet) and gTop-k’s warmup as a dense ring all-reduce', () => {
    const s = loadScenario('scenarios/default.yaml');
    const packet = { ...s, network: { ...s.network, fidelity: 'packet' as const } };
    const tcp = (x: typeof s) => ({ ...x, network: { ...x.network, workerLink: { preset: 'ethernet-1g-tcp', set: {} }, serverLink: { preset: 'ethernet-1g-tcp', set: {} } } });
    expect(estimateEvents(tcp(s))).toBe(estimateEvents(s)); // message fidelity: one train per message either way
    // packet fidelity: 1.5 frames per data packet (TCP's payload is 12 B smaller than UDP's, hence a little more)
    const ratio = estimateEvents(tcp(packet)) / estimateEvents(packet);
    expect(ratio).toBeGreaterThanOrEqual(1.5);
    expect(ratio).toBeLessThan(1.6);
    const gtopk = s.schemes.find((x) => x.kind === 'gtopk')!;
    const only = { ...s, schemes: [gtopk] };
    const warm = { ...s, schemes: [{ ...gtopk, warmupIterations: 10 }] };
    const ring = { ...s, schemes: [{ ...gtopk, kind: 'ring-allreduce' as const, uplink: { ...gtopk.uplink, compressor: { kind: 'identity' as const, precision: 32 as const } } }] };
    // gTop-k's recursive doubling: log2 P rounds of P messages (P exchanging in pairs), each a train at message fidelity
    // over the switch's 2 hops (worker → switch → worker), 2 events a hop
    const P = s.workers.count;
    expect([s.network.fidelity, s.network.topology, Number.isInteger(Math.log2(P))]).toEqual(['auto', 'switch', true]);
    expect(estimateEvents(only)).toBe(s.training.iterations * P * Math.log2(P) * 2 * 2);
    const perIteration = (x: typeof s) => estimateEvents(x) / x.training.iterations;
    expect(estimateEvents(warm)).toBeCloseTo(estimateEvents(only) + 10 * (perIteration(ring) - perIteration(only)), 6);
  });

  it('refuses a run obviously out of reach, naming the file, the count and the fields to change', () => {
    const s = parseScenario(HUGE, 'huge.yaml');
    expect(estimateEvents(s)).toBeGreaterThan(MAX_EVENTS);
    // each frame crosses 3 hops (worker → border router → switch → server, test/net/topology/hops.test.ts)
    expect(eventRefusal('huge.yaml', s)).toMatch(/^huge\.yaml: the run would simulate about 6\.\de\+10 events .*nothing was run\..*training\.iterations.*workers\.count \(P = 64\).*network\.fidelity/);
    // compressed to 0.1 % on the uplink only, the server still sends every worker the dense model: out of reach
    const up = parseScenario(HUGE.replace('{ kind: identity }', '{ kind: topk, ratio: 0.001 }'), 'up.yaml');
    expect(eventRefusal('up.yaml', up)).toMatch(/^up\.yaml: the run would simulate about 3\.\de\+10 events/);
    // the links named are those auto decides by: the worker link and the server link here
    expect(eventRefusal('huge.yaml', s)).toMatch(/\(fidelity auto; links: network\.workerLink\.preset ieee802154, network\.serverLink\.preset ieee802154\)\.$/);
    // a stated fidelity is not the links' to decide: none named
    const packet = parseScenario(HUGE.replace('topology: parameter-server-star,', 'topology: parameter-server-star, fidelity: packet,'), 'packet.yaml');
    expect(packet.network.fidelity).toBe('packet');
    expect(eventRefusal('packet.yaml', packet)).toMatch(/on links that allow it \(fidelity packet\)\.$/);
    // with worker groups, the groups' presets (the worker link is not used then)
    const groups = parseScenario(
      HUGE.replace('workerLink: { preset: ieee802154 }', 'workerGroups: [{ count: 32, preset: ieee802154 }, { count: 32, preset: ieee802154, set: { radioPolicy: off-between-transfers } }]'),
      'groups.yaml',
    );
    expect(eventRefusal('groups.yaml', groups)).toMatch(
      /\(fidelity auto; links: network\.serverLink\.preset ieee802154, network\.workerGroups\[0\]\.preset ieee802154, network\.workerGroups\[1\]\.preset ieee802154\)\.$/,
    );
    // compressed to 0.1 % both ways it is within reach
    const small = parseScenario(HUGE.replace('{ kind: identity } }', '{ kind: topk, ratio: 0.001 } }\n    downlink: { compressor: { kind: topk, ratio: 0.001 } }'), 'small.yaml');
    expect(eventRefusal('small.yaml', small)).toBeUndefined();
  });

  it('is applied by validate and run before anything is written (exit 2)', () => {
    const file = join(dir, 'huge.yaml');
    writeFileSync(file, HUGE);
    const v = spawnSync(process.execPath, [CLI, 'validate', file], { encoding: 'utf8' });
    expect(v.status).toBe(2);
    expect(v.stderr).toMatch(/events/);
    const out = join(dir, 'out');
    const r = spawnSync(process.execPath, [CLI, 'run', file, '--out', out], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });
});
