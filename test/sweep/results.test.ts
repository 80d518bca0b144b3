import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { METRICS_FORMAT, headerLine, type CellType } from '../../src/results/index.js';
import { SweepInputError } from '../../src/sweep/messages.js';
import { writeSweepOutputs, type PointRecord, type SweepManifest } from '../../src/sweep/results.js';
import { tempDirs } from '../temp-dirs.js';

const tmp = tempDirs('gw-sweep-results-');

/** The Arrow type a declared column gets while its whole numbers fit in 32 bits, written out here rather than taken from the writer. */
const ARROW_TYPE: Record<CellType, string> = { text: 'Utf8', 'text?': 'Utf8', boolean: 'Bool', number: 'Float64', 'number?': 'Float64', integer: 'Int32', 'integer?': 'Int32' };

const points = (seed2: number): PointRecord[] => [
  { index: 0, id: 'p0', run: 0, seed: 1, params: { 'output.trace': true, 'network.workerLink.preset': 'ethernet-1g-udp' }, status: 'completed' },
  { index: 1, id: 'p1', run: 1, seed: seed2, params: { 'output.trace': false, 'network.workerLink.preset': 'lte' }, status: 'completed' },
];
const manifest = (seed2: number): SweepManifest => ({ scenario: 's', sweep: 'abc', total: 2, shard: null, parameters: ['output.trace', 'network.workerLink.preset', 'seed'], points: points(seed2) });

/** A folder with the runs/<id>/ of both points, each a one-row metrics.csv (scheme dense, loss empty, else 3) and no summary.json. */
function runFolders(seed2: number): string {
  const out = tmp();
  for (const p of points(seed2)) {
    mkdirSync(join(out, 'runs', p.id), { recursive: true });
    const cells = METRICS_FORMAT.map((c) => (c.name === 'run_id' ? p.id : c.name === 'scheme' ? 'dense' : c.name === 'loss' ? '' : '3'));
    writeFileSync(join(out, 'runs', p.id, 'metrics.csv'), `${headerLine(METRICS_FORMAT)}\n${cells.join(',')}\n`);
  }
  return out;
}

/** A sweep folder with two finished points (seeds 1 and `seed2`), as {@link runFolders}, its tables written. */
function sweepFolder(seed2: number): string {
  const out = runFolders(seed2);
  writeSweepOutputs(out, manifest(seed2));
  return out;
}

/** The SweepInputError message writeSweepOutputs refuses `out` with. */
function refusal(out: string): string {
  try {
    writeSweepOutputs(out, manifest(2));
  } catch (e) {
    expect(e).toBeInstanceOf(SweepInputError);
    return (e as Error).message;
  }
  throw new Error('writeSweepOutputs wrote the tables');
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

  it('a whole-number column with a value that is not whole is Float64', () => {
    const out = runFolders(2);
    const m = manifest(2);
    m.points[1]!.run = 1.5;
    writeSweepOutputs(out, m);
    const table = tableFromIPC(readFileSync(join(out, 'sweep.arrow')));
    expect(String(table.schema.fields.find((f) => f.name === 'run')!.type)).toBe('Float64');
    expect(table.getChild('run')!.toArray()).toEqual(Float64Array.of(0, 1.5));
  });

  it('with a verdict in a point’s summary.json, adds target_winner (Utf8) and target_rank (Int32): the winner, and the scheme’s rank if it reached the target', () => {
    const out = runFolders(2);
    const entry = {
      scheme: 'dense',
      reached: true,
      iteration: 3,
      time_s: 3,
      wire_bytes: 3,
      packets: 3,
      energy_j: 3,
      speedup: 1,
      bytes_ratio: 1,
      packets_ratio: 1,
      energy_ratio: 1,
      best_loss: 0.4,
      best_accuracy: null,
    };
    const verdict = { target: 'training loss ≤ 0.5', baseline: 'dense', winner: 'dense', ranking: [entry], sentence: 'dense reached it.' };
    writeFileSync(join(out, 'runs', 'p1', 'summary.json'), JSON.stringify({ scenario: { name: 's' }, seed: 2, backend: 'cpu', verdict, schemes: [] }));
    writeSweepOutputs(out, manifest(2));
    const table = tableFromIPC(readFileSync(join(out, 'sweep.arrow')));
    const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
    expect([types.target_winner, types.target_rank]).toEqual(['Utf8', 'Int32']);
    expect([table.get(0)!.toJSON().target_winner, table.get(0)!.toJSON().target_rank]).toEqual([null, null]);
    expect([table.get(1)!.toJSON().target_winner, table.get(1)!.toJSON().target_rank]).toEqual(['dense', 1]);
    const [header, , second] = readFileSync(join(out, 'sweep.csv'), 'utf8').split('\n');
    expect(header!.endsWith(',target_winner,target_rank')).toBe(true);
    expect(second!.endsWith(',dense,1')).toBe(true);
  });
});

describe('a finished point’s metrics.csv missing or garbled: refused naming the file', () => {
  const ending = '; delete runs/p1/ and run the sweep again with --resume';
  it('missing', () => {
    const out = runFolders(2);
    rmSync(join(out, 'runs', 'p1', 'metrics.csv'));
    expect(refusal(out)).toBe(`${out}: sweep.json lists point p1 as finished but runs/p1/metrics.csv is missing${ending}`);
  });

  it('other columns, a short row, another run’s id', () => {
    const out = runFolders(2);
    const file = join(out, 'runs', 'p1', 'metrics.csv');
    const notMetrics = `${out}: runs/p1/metrics.csv is not a run's metrics.csv`;
    writeFileSync(file, 'run_id,scheme\np1,dense\n');
    expect(refusal(out)).toBe(`${notMetrics} (line 1: expected the columns ${headerLine(METRICS_FORMAT)}, given "run_id,scheme")${ending}`);
    writeFileSync(file, '');
    expect(refusal(out)).toBe(`${notMetrics} (line 1: expected the columns ${headerLine(METRICS_FORMAT)}, given an empty file)${ending}`);
    writeFileSync(file, `${headerLine(METRICS_FORMAT)}\np1,dense,3\n`);
    expect(refusal(out)).toBe(`${notMetrics} (line 2: expected ${METRICS_FORMAT.length} cells, given 3)${ending}`);
    writeFileSync(file, `${headerLine(METRICS_FORMAT)}\n${METRICS_FORMAT.map((c) => (c.name === 'run_id' ? 'p0' : '3')).join(',')}\n`);
    expect(refusal(out)).toBe(`${notMetrics} (line 2: run_id: expected the point's id p1, given "p0")${ending}`);
  });
});
