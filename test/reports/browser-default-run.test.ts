/// <reference lib="dom" />
/** The report of the default study (scenarios/default.yaml) in chromium, offline: every chart, and the verdict against metrics.csv. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatBytes, formatSi } from '../../reports/format.js';
import { resolveScenario } from '../../src/run/resolve.js';
import { runScenario } from '../../src/run/run.js';
import { loadScenario } from '../../src/scenario/load.js';
import { RUN_CHARTS } from './chart-ids.js';
import { SKIP, SKIP_NOTE, pageChecks, reportPages } from './report-pages.js';

const DEFAULT_SCENARIO = join(import.meta.dirname, '../../scenarios/default.yaml');
const { produceAndOpen } = reportPages();

describe.skipIf(SKIP)(`report of the default run (scenarios/default.yaml) in chromium, offline${SKIP_NOTE}`, () => {
  const load = produceAndOpen('gradwire-browser-default-', (dir) => runScenario(resolveScenario(loadScenario(DEFAULT_SCENARIO)), dir));
  beforeAll(load, 300_000);

  // the default run stops at a target loss; it has no trace and fixed budgets, so those charts are left out
  pageChecks(
    load,
    RUN_CHARTS.filter((id) => !['budget', 'cat-efficiency', 'timeline'].includes(id)),
  );

  it('opens with the verdict: the ranking and the sentence agree with metrics.csv, on the first screen', async () => {
    const { loaded, reportDir } = await load();
    const scenario = loadScenario(DEFAULT_SCENARIO);
    const target = scenario.training.stop.targetLoss!;
    const schemes = scenario.schemes.map((s) => ({ name: s.name, label: s.label ?? s.name }));
    const reached = await firstRowsAtTarget(join(reportDir, '..', 'metrics.csv'), target);
    // what the page must show, from metrics.csv alone: sooner first, ties by fewer wire bytes, then scenario order
    const ranked = schemes
      .filter((s) => reached.has(s.name))
      .sort((a, b) => reached.get(a.name)!.time_s - reached.get(b.name)!.time_s || reached.get(a.name)!.wire_bytes - reached.get(b.name)!.wire_bytes);
    expect(ranked.length, 'schemes of the default study that reach its target').toBeGreaterThan(1);

    const rows = await loaded.page.$$eval('#verdict table.verdict tbody tr', (trs) =>
      trs.map((tr) => {
        const d = (tr as HTMLElement).dataset;
        const cells = Array.from(tr.children, (c) => (c as HTMLElement).innerText.trim());
        return { scheme: d.scheme, reached: d.reached, iteration: d.iteration, timeS: d.timeS, wireBytes: d.wireBytes, packets: d.packets, energyJ: d.energyJ, cells };
      }),
    );
    expect(rows.map((r) => r.scheme)).toEqual([...ranked.map((s) => s.name), ...schemes.filter((s) => !reached.has(s.name)).map((s) => s.name)]);
    const base = reached.get(schemes[0]!.name);
    for (const [i, s] of ranked.entries()) {
      const m = reached.get(s.name)!;
      const row = rows[i]!;
      // exact values in data attributes, readable ones in the cells
      expect(row, s.name).toMatchObject({ reached: 'true', iteration: String(m.iteration) });
      expect(Number(row.timeS), `${s.name} time to target`).toBe(m.time_s);
      expect(Number(row.wireBytes), `${s.name} wire bytes to target`).toBe(m.wire_bytes);
      expect(Number(row.packets), `${s.name} packets to target`).toBe(m.packets);
      expect(Number(row.energyJ), `${s.name} energy to target`).toBe(m.energy_j);
      expect(row.cells.slice(0, 4), s.name).toEqual([String(i + 1), expect.stringContaining(s.label), String(m.iteration), formatSi(m.time_s, 's')]);
      expect(row.cells[5], s.name).toBe(formatBytes(m.wire_bytes));
      expect(row.cells[7], s.name).toBe(m.packets.toLocaleString('en-US'));
      expect(row.cells[9], s.name).toBe(formatSi(m.energy_j, 'J'));
      if (s.name === schemes[0]!.name) expect([row.cells[4], row.cells[6], row.cells[8], row.cells[10]]).toEqual(['baseline', 'baseline', 'baseline', 'baseline']);
      else if (base) expect(row.cells[4], `${s.name} against the baseline`).toBe(ratioText(base.time_s / m.time_s, 'sooner', 'later'));
    }

    // the sentence names the winner and its lead over the baseline, in metrics.csv's numbers
    const sentence = await loaded.page.locator('#verdict-sentence').innerText();
    const winner = ranked[0]!;
    const w = reached.get(winner.name)!;
    expect(sentence).toContain(`${winner.label} (${winner.name}) reached training loss ≤ ${target} first, at t = ${Number(w.time_s.toPrecision(3))} s (iteration ${w.iteration})`);
    if (base && winner.name !== schemes[0]!.name) {
      expect(sentence).toContain(`${times(base.time_s / w.time_s)} sooner than ${schemes[0]!.label}`);
      expect(sentence).toContain(`${times(base.wire_bytes / w.wire_bytes)} fewer wire bytes`);
    }
    expect(sentence).toBe(JSON.parse(await readFile(join(reportDir, '..', 'summary.json'), 'utf8')).verdict.sentence);

    // first on the page, and on the first screen (1280 × 900)
    const top = (sel: string) => loaded.page.locator(sel).evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
    const tableBottom = await loaded.page.locator('#verdict table.verdict').evaluate((el) => el.getBoundingClientRect().bottom + window.scrollY);
    expect(tableBottom, 'the verdict table ends on the first screen').toBeLessThanOrEqual(900);
    expect(await top('#verdict')).toBeLessThan(await top('#scenario'));
    expect(await top('#scenario')).toBeLessThan(await top('#summary'));
  });
});

/** One scheme's cumulative counters at its first metrics.csv row with loss ≤ target. */
interface AtTarget {
  iteration: number;
  time_s: number;
  wire_bytes: number;
  packets: number;
  energy_j: number;
}

/** Each scheme's first row of metrics.csv whose loss is at most `target` (plain CSV: no cell of the simulator's is quoted). */
async function firstRowsAtTarget(file: string, target: number): Promise<Map<string, AtTarget>> {
  const [header, ...lines] = (await readFile(file, 'utf8')).trim().split('\n');
  const cols = header!.split(',');
  const out = new Map<string, AtTarget>();
  for (const line of lines) {
    const cells = line.split(',');
    const num = (c: string) => Number(cells[cols.indexOf(c)]);
    const scheme = cells[cols.indexOf('scheme')]!;
    const loss = cells[cols.indexOf('loss')]!;
    if (out.has(scheme) || loss === '' || !(Number(loss) <= target)) continue;
    out.set(scheme, {
      iteration: num('iteration'),
      time_s: num('time_s'),
      wire_bytes: num('wire_bytes_up') + num('wire_bytes_down'),
      packets: num('packets_up') + num('packets_down'),
      energy_j: num('energy_total_j'),
    });
  }
  return out;
}

/** "3.1×" below 10, "16×" above: the rounding of the verdict's sentence and table. */
const times = (x: number): string => (x >= 10 ? `${Math.round(x)}×` : `${Number(x.toPrecision(2))}×`);

/** A ratio cell of the verdict table (baseline's / this scheme's; within 5 % "≈ same"). */
const ratioText = (r: number, better: string, worse: string): string => (Math.abs(Math.log(r)) < Math.log(1.05) ? '≈ same' : r > 1 ? `${times(r)} ${better}` : `${times(1 / r)} ${worse}`);
