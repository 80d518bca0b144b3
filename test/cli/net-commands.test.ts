import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LINK_PRESETS, costOfPath } from '../../src/net/index.js';
import { udpEthernetWireBytes } from '../net/ethernet-wire.js';

const CLI = join(import.meta.dirname, '../../dist/src/cli/main.js');
const gradwire = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

describe('gradwire presets', () => {
  it('lists every link preset', () => {
    const r = gradwire('presets');
    expect(r.status).toBe(0);
    for (const name of Object.keys(LINK_PRESETS)) expect(r.stdout).toContain(name);
  });

  it('describes every field of a preset with its unit and source', () => {
    const r = gradwire('presets', '--describe', 'ethernet-1g-udp', '--json');
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout) as { field: string; value: string; unit: string; source: string }[];
    expect(rows.find((x) => x.field === 'bandwidthBps')).toMatchObject({ value: '1000000000', unit: 'bit/s' });
    expect(rows.find((x) => x.field.endsWith('IPv4 header'))).toMatchObject({ value: '20', unit: 'B', source: 'RFC 791 §3.1 (no options)' });
    for (const row of rows) expect(row.source).not.toBe('');
  });

  it('describes a device preset’s every cost with its source, the sort comparison included', () => {
    const r = gradwire('presets', '--describe', 'server-cpu', '--json');
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout) as { field: string; value: string; unit: string; source: string }[];
    expect(rows.map((x) => x.field)).toEqual(['flopsPerS', 'stepOverheadS', 'computeW', 'selectSPerElement', 'sortSPerComparison']);
    for (const row of rows) expect(row.source, row.field).not.toBe('');
  });

  it('refuses an unknown preset with exit 2 and a suggestion', () => {
    const r = gradwire('presets', '--describe', 'ethernet-1g-upd');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('did you mean "ethernet-1g-udp"?');
  });
});

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
    const wire = (8 * 8 * udpEthernetWireBytes(100000)) / 1e9;
    expect(packet).toBeGreaterThan(wire);
    expect(Math.abs(last('message') - packet)).toBeLessThan(1e-9);
    expect(Math.abs(last('flow') - packet) / packet).toBeLessThan(0.03);
  });

  it('refuses a malformed --set with exit 2', () => {
    const r = gradwire('transfer', '--preset', 'ethernet-1g-udp', '--bytes', '10', '--set', 'bandwidthBps');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('expected field=value');
  });
});
