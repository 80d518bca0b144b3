import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LINK_PRESETS, costOfPath } from '../../../src/net/index.js';
import { udpEthernetPackets, udpEthernetWireBytes, wireS } from '../../net/ethernet-wire.js';

const CLI = join(import.meta.dirname, '../../../dist/src/cli/main.js');
const gradwire = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'gradwire-traffic-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
// 8 kb/s, no delay, no headers, 100 B packets: a packet takes 0.1 s
const TOY = ['--set', 'bandwidthBps=8000', '--set', 'latencyS=0', '--set', 'framing={maxPayloadBytes: 100, minFrameBytes: 0, headers: []}'];

describe('gradwire transfer', () => {
  it('reports the closed-form completion time of an idle-link transfer', () => {
    const r = gradwire('transfer', '--preset', 'ethernet-1g-udp', '--bytes', '30000', '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    const eth = LINK_PRESETS['ethernet-1g-udp']!;
    const cost = costOfPath([{ link: eth }], 30000, eth.power, eth.power);
    expect(out.lastByteS.mean).toBeCloseTo(cost.seconds, 15);
    expect(out.packets.mean).toBe(cost.packets);
    expect(out.wireBits.mean).toBe(cost.bits);
  });

  it('applies --set overrides, e.g. a 2-byte PPP header instead of Ethernet framing', () => {
    const r = gradwire(
      'transfer',
      '--preset',
      'ethernet-1g-udp',
      '--bytes',
      '1000',
      '--json',
      '--set',
      'framing.headers=[{layer: PPP, bytes: 2, inFrame: true, source: RFC 1661}]',
      '--set',
      'framing.minFrameBytes=0',
    );
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).wireBits.mean).toBe(8 * 1002);
  });

  it('shares a bottleneck among senders at every fidelity', () => {
    const last = (fidelity: string) =>
      JSON.parse(gradwire('transfer', '--preset', 'ethernet-1g-udp', '--bytes', '100000', '--senders', '8', '--bottleneck-preset', 'ethernet-1g-udp', '--fidelity', fidelity, '--json').stdout)
        .lastByteS.mean as number;
    const packet = last('packet');
    // 8 senders at 1 Gb/s each into one 1 Gb/s link: it is busy from the first packet's arrival (its transmission and
    // the access link's latency) until it has sent all 8 messages, whose last byte then takes its latency
    const latency = LINK_PRESETS['ethernet-1g-udp']!.latencyS;
    const expected = wireS(udpEthernetPackets(100000)[0]!, 1e9) + latency + wireS(8 * udpEthernetWireBytes(100000), 1e9) + latency;
    expect(Math.abs(packet - expected)).toBeLessThan(1e-12);
    expect(Math.abs(last('message') - packet)).toBeLessThan(1e-9);
    expect(Math.abs(last('flow') - packet) / packet).toBeLessThan(0.03);
  });

  it('refuses a malformed --set with exit 2', () => {
    const r = gradwire('transfer', '--preset', 'ethernet-1g-udp', '--bytes', '10', '--set', 'bandwidthBps');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('expected field=value');
  });

  // the links are resolved as a scenario's are (resolveLink), and every problem names the flag that gave it
  const badLinks: [string, string[], RegExp][] = [
    ['an unknown preset, with the closest name', ['--preset', 'ethernet-1g-ud'], /^gradwire: --preset: unknown link preset "ethernet-1g-ud"; did you mean "ethernet-1g-udp"\?/],
    [
      'a field of another family (IEEE 802.15.4 only)',
      ['--preset', 'ethernet-1g-udp', '--set', 'mac.macMinBE=3'],
      /^gradwire: --set mac\.macMinBE: expected a field of the ethernet-1g-udp preset, given .*ieee802154/,
    ],
    ['a value out of range', ['--preset', 'ethernet-1g-udp', '--set', 'bandwidthBps=-3'], /^gradwire: --set bandwidthBps: expected a finite number > 0 .*given number -3/],
    [
      'a bottleneck override',
      ['--preset', 'ethernet-1g-udp', '--bottleneck-preset', 'ethernet-1g-udp', '--set-bottleneck', 'latencyS=soon'],
      /^gradwire: --set-bottleneck latencyS: expected a finite number ≥ 0 .*given "soon"/,
    ],
    [
      'overrides inconsistent together',
      ['--preset', 'ethernet-1g-udp', '--set', 'ack.every=2', '--set', 'ack.wireBytes=0'],
      // the preset's finding, not wrapped in an expected/given of its own
      /^gradwire: --set \(on --preset ethernet-1g-udp\): ack\.every 2 simulates ACKs, but ack\.wireBytes 0 gives them no whole size ≥ 1 B: set ack\.wireBytes \(or ack\.every 0\)\n$/,
    ],
    [
      'a misspelt field, suggesting its whole dotted path',
      ['--preset', 'ethernet-1g-tcp', '--set', 'ack.evry=1'],
      /^gradwire: --set ack\.evry: expected a field of the ethernet-1g-tcp preset under ack: "every" or "wireBytes", given unknown field "evry"; did you mean "ack\.every"\?\n$/,
    ],
    [
      'several overrides, on one line',
      ['--preset', 'ethernet-1g-udp', '--set', 'latencyS=-1', '--set', 'bandwidthBps=0'],
      /^gradwire: --set latencyS: expected a finite number ≥ 0 \(s\), given number -1; --set bandwidthBps: expected a finite number > 0 \(bit\/s\), given number 0\n$/,
    ],
  ];
  for (const [what, args, message] of badLinks) {
    it(`refuses ${what} with exit 2, naming the flag`, () => {
      const r = gradwire('transfer', '--bytes', '10', ...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }
});

describe('gradwire transfer --bytes list / --traffic (issue #14, items 6 and 3)', () => {
  it('one size per sender: each sender’s delivery and the time its last bit left, per sender', () => {
    const r = gradwire('transfer', '--preset', 'ethernet-1g-udp', ...TOY, '--bytes', '200,100', '--fidelity', 'packet', '--json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.senders).toBe(2);
    expect(out.bytes).toEqual([200, 100]);
    expect(out.completionS.map((c: { mean: number }) => c.mean)).toEqual([expect.closeTo(0.2, 12), expect.closeTo(0.1, 12)]);
    expect(out.sentS.map((c: { mean: number }) => c.mean)).toEqual([expect.closeTo(0.2, 12), expect.closeTo(0.1, 12)]);
    expect(out.confirmation).toBe('none');
  });

  it('a traffic file: per-message delivery at the destination, in the table and as JSON', () => {
    const csv = file('m.csv', 'src,dst,bytes,start\nsender/0,receiver,200,0\nsender/1,receiver,100,0.05\n');
    const args = [
      'transfer',
      '--preset',
      'ethernet-1g-udp',
      ...TOY,
      '--bottleneck-preset',
      'ethernet-1g-udp',
      ...TOY.map((a) => (a === '--set' ? '--set-bottleneck' : a)),
      '--traffic',
      csv,
      '--fidelity',
      'packet',
    ];
    const j = gradwire(...args, '--json');
    expect(j.status, j.stderr).toBe(0);
    const out = JSON.parse(j.stdout);
    expect(out.flows).toEqual([
      { src: 'sender/0', dst: 'receiver', bytes: 200, startS: 0 },
      { src: 'sender/1', dst: 'receiver', bytes: 100, startS: 0.05 },
    ]);
    // worked by hand in test/net/experiments/transfer-traffic.test.ts: s0p0 0.1–0.2, s1p0 0.2–0.3, s0p1 0.3–0.4 on the bottleneck
    expect(out.completionS[0].mean).toBeCloseTo(0.4, 12);
    expect(out.completionS[1].mean).toBeCloseTo(0.3, 12);
    const t = gradwire(...args);
    expect(t.status).toBe(0);
    expect(t.stdout).toMatch(/delivered 1 sender\/1→receiver @0\.0500000 \(s\)\s+0\.300000/);
  });

  it('reports the IEEE 802.15.4 confirmation (the last MAC ACK) next to the delivery', () => {
    const r = gradwire('transfer', '--preset', 'ieee802154', '--bytes', '50', '--json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.confirmation).toBe('mac-ack');
    // aTurnaroundTime 192 µs + Imm-Ack PPDU 352 µs (+ the preset's propagation delay)
    expect(out.confirmedS[0].mean - out.completionS[0].mean).toBeGreaterThanOrEqual(544e-6 - 1e-12);
    expect(out.confirmedS[0].mean - out.completionS[0].mean).toBeLessThan(545e-6);
    const t = gradwire('transfer', '--preset', 'ieee802154', '--bytes', '50');
    expect(t.stdout).toContain('confirmed sender/0 (s)');
  });

  const refused: [string, string[], RegExp][] = [
    ['wrong number of sizes', ['--bytes', '1,2', '--senders', '3'], /--bytes: number of sizes: expected one per sender \(--senders 3\): 3 sizes, given 2/],
    ['a bad size', ['--bytes', '1e3,lots'], /--bytes: size 2 of 2: expected a whole number of bytes ≥ 0 .*, given "lots"/],
    ['a short CSV row', ['--traffic', file('short.csv', 'src,dst,bytes\nsender/0,receiver\n')], /short\.csv:2: row: expected 3 or 4 comma-separated fields: src,dst,bytes\[,start\], given 2/],
    ['an unknown node', ['--traffic', file('node.csv', 'sender/0,reciever,10\n'), '--senders', '2'], /node\.csv:1: dst: expected a node: receiver or sender\/0 … sender\/1, given "reciever"/],
    ['a bad start', ['--traffic', file('start.csv', 'sender/0,receiver,10,-1\n')], /start\.csv:1: start: expected a time in seconds ≥ 0, given "-1"/],
    ['both --bytes and --traffic', ['--bytes', '1', '--traffic', file('ok.csv', 'sender/0,receiver,10\n')], /either --bytes or --traffic/],
    ['neither', [], /give --bytes/],
    ['flow fidelity on a shared medium', ['--fidelity', 'flow', '--bytes', '10', '--preset', 'ieee802154'], /--fidelity flow: hop sender\/0→receiver is not a lossless FIFO link/],
    ['an unknown flow pipeline', ['--bytes', '10', '--flow-pipeline', 'fluidd'], /--flow-pipeline: expected "packet" or "fluid", given "fluidd"/],
    ['a missing file', ['--traffic', join(dir, 'nope.csv')], /--traffic: cannot read .*nope\.csv.*ENOENT/],
  ];
  for (const [what, args, message] of refused) {
    it(`refuses ${what} with exit 2, a message and no stack trace`, () => {
      const r = gradwire('transfer', '--preset', 'ethernet-1g-udp', ...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }
});
