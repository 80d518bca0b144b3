import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../temp-dirs.js';
import { expandSweepText } from '../../src/sweep/expand.js';
import { mergeSweeps } from '../../src/sweep/merge.js';
import { SweepInputError } from '../../src/sweep/messages.js';
import { parseShard, runSweep } from '../../src/sweep/run.js';
import { pointVerdict } from '../../src/sweep/verdicts.js';

const tmp = tempDirs('gw-sweep-verdict-');

const SCENARIO = (stop: string) => `name: who-wins
workers: { count: 2, batchSize: 16 }
model: { kind: logistic-regression, features: 100, trainSamples: 800, testSamples: 100, weightStd: 4 }
training: { iterations: 40, learningRate: 20${stop} }
output: { report: false }
schemes:
  - name: dense
    uplink: { compressor: { kind: identity } }
  - name: bidir
    uplink: { compressor: { kind: topk, ratio: 0.05 }, errorFeedback: true }
    downlink: { compressor: { kind: topk, ratio: 0.05 }, errorFeedback: true }
sweep:
  grid: { workers.count: [2, 4], network.workerLink.preset: [ethernet-1g-udp, ethernet-100g-udp] }
`;

describe('the verdict of a sweep: verdict.csv and two columns of sweep.csv', () => {
  it('holds each point’s verdict from its summary.json, ranked, and merges byte for byte from shards', async () => {
    const sweep = expandSweepText(SCENARIO(', stop: { targetLoss: 0.6 }'), 'who.yaml');
    const full = tmp();
    await runSweep(sweep, { outDir: full, threads: 1 });
    const [header, ...rows] = readFileSync(join(full, 'verdict.csv'), 'utf8').trim().split('\n');
    const cols = header!.split(',');
    // the point's own columns, the swept paths, then VERDICT_FORMAT's
    expect(cols).toEqual([
      ...['point', 'run', 'seed', 'workers.count', 'network.workerLink.preset', 'target', 'winner', 'scheme', 'rank', 'reached', 'iteration', 'time_s'],
      ...['wire_bytes', 'packets', 'energy_j', 'speedup', 'bytes_ratio', 'packets_ratio', 'energy_ratio', 'best_loss', 'best_accuracy'],
    ]);
    expect(rows).toHaveLength(4 * 2);
    const at = (r: string, c: string) => r.split(',')[cols.indexOf(c)]!;
    for (const p of sweep.points) {
      const verdict = JSON.parse(readFileSync(join(full, 'runs', p.id, 'summary.json'), 'utf8')).verdict;
      const mine = rows.filter((r) => at(r, 'point') === p.id);
      expect(mine.map((r) => at(r, 'scheme'))).toEqual(verdict.ranking.map((e: { scheme: string }) => e.scheme));
      mine.forEach((r, i) => {
        const e = verdict.ranking[i];
        expect(at(r, 'winner')).toBe(verdict.winner ?? '');
        expect(at(r, 'time_s')).toBe(e.time_s === null ? '' : String(e.time_s));
        expect(at(r, 'rank')).toBe(e.reached ? String(i + 1) : '');
      });
    }
    // sweep.csv's rows carry the point's winner and their scheme's rank to the target
    const [sweepHeader, ...sweepRows] = readFileSync(join(full, 'sweep.csv'), 'utf8').trim().split('\n');
    const sc = sweepHeader!.split(',');
    expect(sc.slice(-2)).toEqual(['target_winner', 'target_rank']);
    for (const r of sweepRows) {
      const cells = r.split(',');
      const verdictRow = rows.find((v) => at(v, 'point') === cells[0] && at(v, 'scheme') === cells[sc.indexOf('scheme')])!;
      expect(cells.at(-2)).toBe(at(verdictRow, 'winner'));
      expect(cells.at(-1)).toBe(at(verdictRow, 'rank'));
    }
    const shards = ['1/2', '2/2'].map(parseShard);
    const parts = shards.map(() => tmp());
    await Promise.all(shards.map((shard, i) => runSweep(sweep, { outDir: parts[i]!, shard, threads: 1 })));
    const merged = join(tmp(), 'merged');
    mergeSweeps(parts, merged);
    for (const f of ['verdict.csv', 'sweep.csv']) expect(readFileSync(join(merged, f), 'utf8'), f).toBe(readFileSync(join(full, f), 'utf8'));
    expect(readFileSync(join(merged, 'sweep.arrow')).equals(readFileSync(join(full, 'sweep.arrow')))).toBe(true);
  });

  it('is not written without a target, and sweep.csv has no verdict columns then', async () => {
    const out = tmp();
    await runSweep(expandSweepText(SCENARIO(''), 'who.yaml'), { outDir: out, threads: 1 });
    expect(existsSync(join(out, 'sweep.csv'))).toBe(true);
    expect(existsSync(join(out, 'verdict.csv'))).toBe(false);
    expect(readFileSync(join(out, 'sweep.csv'), 'utf8').split('\n')[0]).not.toMatch(/target_/);
  });
});

describe('a point’s verdict read back from its summary.json', () => {
  /** A sweep folder whose point `p1` has this summary.json text (none: undefined). */
  function sweepWith(summary?: string): string {
    const out = tmp();
    mkdirSync(join(out, 'runs', 'p1'), { recursive: true });
    if (summary !== undefined) writeFileSync(join(out, 'runs', 'p1', 'summary.json'), summary);
    return out;
  }

  it('is undefined when the point has no summary.json', () => {
    expect(pointVerdict(sweepWith(), 'p1')).toBeUndefined();
  });

  it('refuses a summary.json that is not JSON, naming the folder and what to do', () => {
    const out = sweepWith('{ not json');
    expect(() => pointVerdict(out, 'p1')).toThrow(SweepInputError);
    expect(() => pointVerdict(out, 'p1')).toThrow(new RegExp(`^${out}: runs/p1/summary\\.json is not a run's summary\\.json \\(.*JSON.*\\); delete runs/p1/ and run the sweep again with --resume$`));
  });

  it('refuses JSON that is not a run summary', () => {
    const out = sweepWith('{"schemes": 3}');
    expect(() => pointVerdict(out, 'p1')).toThrow(/runs\/p1\/summary\.json is not a run's summary\.json/);
  });
});
