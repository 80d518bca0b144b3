import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LINK_PRESETS } from '../../../src/net/index.js';

const CLI = join(import.meta.dirname, '../../../dist/src/cli/main.js');
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
