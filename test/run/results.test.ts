import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run/run.js';
import { dense3, tmp as tmpIn } from './fixtures.js';

const tmp = () => tmpIn('results');
const readCsv = (dir: string, file: string) => {
  const [head, ...lines] = readFileSync(join(dir, file), 'utf8').trim().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
};

describe('run results: links.csv, nodes.csv and time.csv', () => {
  it('writes links.csv and nodes.csv that add up to the metrics', async () => {
    const dir = tmp();
    const result = await runScenario(dense3(), dir);
    const last = result.rows.at(-1)!;
    const nodes = readCsv(dir, 'nodes.csv');
    const workerJ = nodes.filter((n) => n['role'] === 'worker').reduce((s, n) => s + Number(n['joules']), 0);
    expect(workerJ).toBeCloseTo(last.energy_worker_j, 9);
    const links = readCsv(dir, 'links.csv');
    const up = links.filter((l) => /^worker\/\d+→switch$/.test(l['link']!)).reduce((s, l) => s + Number(l['wire_bytes']), 0);
    expect(up).toBe(last.wire_bytes_up);
    for (const l of links) expect(Number(l['utilization'])).toBeLessThanOrEqual(1);
  });

  it('writes time.csv: each node’s compute, transmit, receive, waiting and idle sum to the run time', async () => {
    const dir = tmp();
    const result = await runScenario(dense3(), dir);
    const end = result.rows.at(-1)!.time_s;
    const time = readCsv(dir, 'time.csv');
    const nodes = readCsv(dir, 'nodes.csv');
    const names = [...new Set(time.map((r) => r['node']!))];
    expect(names).toEqual(['switch', 'server', 'worker/0', 'worker/1', 'worker/2']);
    for (const node of names) {
      const rows = time.filter((r) => r['node'] === node);
      expect(rows.map((r) => r['state'])).toEqual(['overlap', 'compute', 'transmit', 'receive', 'waiting', 'idle']);
      const seconds = (state: string) => Number(rows.find((r) => r['state'] === state)!['seconds']);
      expect(rows.reduce((sum, r) => sum + Number(r['seconds']), 0)).toBeCloseTo(end, 12);
      const energy = (state: string) => Number(nodes.find((r) => r['node'] === node && r['state'] === state)?.['seconds'] ?? 0);
      // compute outranks everything; transmit and receive lose only what a higher state covers
      expect(seconds('compute')).toBeCloseTo(energy('compute'), 12);
      expect(seconds('transmit')).toBeLessThanOrEqual(energy('tx') + 1e-12);
      expect(seconds('receive')).toBeLessThanOrEqual(energy('rx') + 1e-12);
      if (node.startsWith('worker')) {
        // a worker's gradient crosses the switch before the server has it: it waits
        expect(seconds('waiting')).toBeGreaterThan(0);
        expect(seconds('transmit')).toBeCloseTo(energy('tx'), 12);
      }
    }
  });
});
