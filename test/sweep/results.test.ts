import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { METRICS_FORMAT, headerLine, type CellType } from '../../src/results/index.js';
import { writeSweepOutputs, type PointRecord, type SweepManifest } from '../../src/sweep/results.js';
import { tempDirs } from '../temp-dirs.js';

const tmp = tempDirs('gw-sweep-results-');

/** The Arrow type a declared column gets while its whole numbers fit in 32 bits, written out here rather than taken from the writer. */
const ARROW_TYPE: Record<CellType, string> = { text: 'Utf8', 'text?': 'Utf8', boolean: 'Bool', number: 'Float64', 'number?': 'Float64', integer: 'Int32', 'integer?': 'Int32' };

/** A sweep folder with two finished points (seeds 1 and `seed2`), each with a one-row metrics.csv and no summary.json. */
function sweepFolder(seed2: number): string {
  const out = tmp();
  const points: PointRecord[] = [
    { index: 0, id: 'p0', run: 0, seed: 1, params: { 'output.trace': true, 'network.workerLink.preset': 'ethernet-1g-udp' }, status: 'completed' },
    { index: 1, id: 'p1', run: 1, seed: seed2, params: { 'output.trace': false, 'network.workerLink.preset': 'lte' }, status: 'completed' },
  ];
  for (const p of points) {
    mkdirSync(join(out, 'runs', p.id), { recursive: true });
    const cells = METRICS_FORMAT.map((c) => (c.name === 'run_id' ? p.id : c.name === 'scheme' ? 'dense' : c.name === 'loss' ? '' : '3'));
    writeFileSync(join(out, 'runs', p.id, 'metrics.csv'), `${headerLine(METRICS_FORMAT)}\n${cells.join(',')}\n`);
  }
  const manifest: SweepManifest = { scenario: 's', sweep: 'abc', total: 2, shard: null, parameters: ['output.trace', 'network.workerLink.preset', 'seed'], points };
  writeSweepOutputs(out, manifest);
  return out;
}

describe('sweep.csv and sweep.arrow, by the declared columns', () => {
  it('lead with point, run and seed, then the swept paths (seed not twice), then metrics.csv but run_id', () => {
    const [header, first] = readFileSync(join(sweepFolder(2), 'sweep.csv'), 'utf8').split('\n');
    const metricNames = METRICS_FORMAT.slice(1).map((c) => c.name);
    expect(header).toBe(['point', 'run', 'seed', 'output.trace', 'network.workerLink.preset', ...metricNames].join(','));
    expect(first).toBe(['p0', '0', '1', 'true', 'ethernet-1g-udp', 'dense', ...metricNames.slice(1).map((n) => (n === 'loss' ? '' : '3'))].join(','));
  });

  it('types each Arrow column by its declaration (a swept one by its values), an empty cell as null', () => {
    const table = tableFromIPC(readFileSync(join(sweepFolder(2), 'sweep.arrow')));
    const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
    expect([types.point, types.run, types.seed, types['output.trace'], types['network.workerLink.preset']]).toEqual(['Utf8', 'Int32', 'Int32', 'Bool', 'Utf8']);
    for (const c of METRICS_FORMAT.slice(1)) expect(types[c.name], c.name).toBe(ARROW_TYPE[c.type]);
    expect(table.get(1)!.toJSON()).toMatchObject({ point: 'p1', run: 1, seed: 2, 'output.trace': false, scheme: 'dense', loss: null, time_s: 3 });
  });

  it('a seed beyond 32 bits makes its column Float64, the value kept exactly', () => {
    const table = tableFromIPC(readFileSync(join(sweepFolder(3_000_000_000), 'sweep.arrow')));
    expect(String(table.schema.fields.find((f) => f.name === 'seed')!.type)).toBe('Float64');
    expect(table.getChild('seed')!.toArray()).toEqual(Float64Array.of(1, 3_000_000_000));
  });
});
