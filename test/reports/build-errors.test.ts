/** What the report builder says about bad run and sweep directories, and the built `gradwire report` command. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport, compileReport } from '../../reports/build.js';
import { packageRoot } from '../../reports/spec-templates.js';
import { removedAfterAll } from '../temp-dirs.js';
import { RUN_CHARTS } from './chart-ids.js';
import { makeRunDir, makeSweepDir, summary } from './fixture.js';

const track = removedAfterAll();

describe('errors', () => {
  it('names metrics.csv when it is missing', async () => {
    const dir = await track(makeRunDir());
    await unlink(join(dir, 'metrics.csv'));
    await expect(buildReport(dir)).rejects.toThrow(/metrics\.csv not found/);
    await expect(buildReport(dir)).rejects.toThrow(join(dir, 'metrics.csv'));
  });

  it('names the same missing file every time when several are missing (summary.json, the first read)', async () => {
    const dir = await track(makeRunDir({ omit: ['summary.json', 'metrics.csv'] }));
    for (let i = 0; i < 5; i++) await expect(compileReport(dir)).rejects.toThrow(/^summary\.json not found/);
  });

  it('names summary.json when it is malformed', async () => {
    const dir = await track(makeRunDir());
    await writeFile(join(dir, 'summary.json'), JSON.stringify({ scenario: {}, seed: 1 }));
    await expect(buildReport(dir)).rejects.toThrow(/summary\.json: \S+: expected .+, given /);
  });

  it('names sweep.json when a sweep directory lacks it', async () => {
    const dir = await track(makeSweepDir());
    await unlink(join(dir, 'sweep.json'));
    await expect(buildReport(dir)).rejects.toThrow(/sweep\.json: not found/);
  });

  it('accepts a diverged scheme whose final loss is null', async () => {
    const dir = await track(makeRunDir({ lossOf: (s, it) => (s === 'topk-ef' && it === 4 ? NaN : 1 / (1 + it)) }));
    const s = summary() as { schemes: { status: string }[] };
    s.schemes[1]!.status = 'diverged';
    await writeFile(join(dir, 'summary.json'), JSON.stringify(s));
    const { charts } = await compileReport(dir);
    expect(charts.length).toBe(RUN_CHARTS.length);
    expect(await readFile(await buildReport(dir), 'utf8')).toContain('status-diverged');
  });
});

describe('gradwire report (the built CLI)', () => {
  const cli = join(packageRoot(), 'dist', 'src', 'cli', 'main.js');

  it.skipIf(!existsSync(cli))('writes the report of a sweep directory where --out says', async () => {
    const dir = await track(makeSweepDir({ params: 1 }));
    const out = join(dir, 'elsewhere');
    const r = spawnSync(process.execPath, [cli, 'report', dir, '--out', out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`report: ${join(out, 'index.html')}`);
    expect(existsSync(join(out, 'charts', 'sweep-outcome.png'))).toBe(true);
    expect(existsSync(join(dir, 'report'))).toBe(false);
  });
});
