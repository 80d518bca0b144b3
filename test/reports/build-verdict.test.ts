/** The verdict section of a run's report (summary.json verdict): first on the page, its table and sentence. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../reports/build.js';
import { removedAfterAll } from '../temp-dirs.js';
import { fixtureVerdict, makeRunDir } from './fixture.js';

const track = removedAfterAll();

describe('the verdict of a run with a target (summary.json verdict)', () => {
  /** The verdict table's rows: scheme, data attributes and cell texts. */
  const rows = (html: string) =>
    [...html.matchAll(/<tr (data-scheme="[^"]*"[^>]*)>([\s\S]*?)<\/tr>/g)].map((m) => ({
      attrs: Object.fromEntries([...m[1]!.matchAll(/data-([a-z-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])),
      cells: [...m[2]!.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, '')),
      titles: [...m[2]!.matchAll(/title="([^"]*)"/g)].map((t) => t[1]!),
    }));

  it('comes first: the sentence and the ranking before the scenario parameters, the summary and every chart', async () => {
    const html = await readFile(await buildReport(await track(makeRunDir({ verdict: fixtureVerdict() })), undefined, { images: false }), 'utf8');
    const at = html.indexOf('<section id="verdict">');
    expect(at).toBeGreaterThan(html.indexOf('</header>'));
    expect(at).toBeLessThan(html.indexOf('<dt>Workers</dt>'));
    expect(at).toBeLessThan(html.indexOf('<section id="summary">'));
    expect(html).toContain('<h2>Verdict: first to training loss ≤ 0.6</h2>');
    expect(html).toContain(
      '<p class="verdict-sentence" id="verdict-sentence">Top-k + error feedback (topk-ef) reached training loss ≤ 0.6 first, at t = 0.03 s (iteration 3): 3× sooner than Dense SGD, with 10× fewer wire bytes and about the same energy.</p>',
    );
    const [topk, dense] = rows(html);
    expect(topk!.attrs).toEqual({
      scheme: 'topk-ef',
      reached: 'true',
      iteration: '3',
      'time-s': '0.03',
      'wire-bytes': '18000',
      packets: '270',
      'energy-j': '1.8',
      'best-loss': '0.5',
      'best-accuracy': '0.9',
    });
    expect(topk!.cells).toEqual(['1', 'Top-k + error feedback topk-ef', '3', '30 ms', '3× sooner', '18 kB', '10× fewer', '270', '2× more', '1.8 J', '≈ same']);
    expect(topk!.titles).toEqual([
      '0.03 s',
      'dense ÷ topk-ef = 3',
      '18,000 B, up + down',
      'dense ÷ topk-ef = 10',
      '270 packets, up + down',
      'dense ÷ topk-ef = 0.5',
      '1.8 J',
      'dense ÷ topk-ef = 1.02',
    ]);
    expect(dense!.cells).toEqual(['2', 'Dense SGD dense', '3', '90 ms', 'baseline', '180 kB', 'baseline', '135', 'baseline', '1.84 J', 'baseline']);
    expect(html).toContain('<tr data-scheme="topk-ef"');
    expect(html).toMatch(/<tr data-scheme="topk-ef"[^>]*class="winner">/);
  });

  it('lists a scheme that never reached the target as such, with its best loss and accuracy; ratios against a baseline that never did are blank', async () => {
    const html = await readFile(await buildReport(await track(makeRunDir({ verdict: fixtureVerdict({ baselineReached: false }) })), undefined, { images: false }), 'utf8');
    const [topk, dense] = rows(html);
    expect(topk!.cells).toEqual(['1', 'Top-k + error feedback topk-ef', '3', '30 ms', '—', '18 kB', '—', '270', '—', '1.8 J', '—']);
    expect(dense!.cells).toEqual(['—', 'Dense SGD dense', 'not reached: best loss 0.6123, best accuracy 0.7']);
    expect(dense!.titles).toEqual(['loss 0.6123456, accuracy 0.7']);
    expect(dense!.attrs).toMatchObject({ reached: 'false', 'time-s': '', 'best-loss': '0.6123456' });
  });

  it('is absent without a verdict (no target, or a run written before it existed)', async () => {
    const html = await readFile(await buildReport(await track(makeRunDir()), undefined, { images: false }), 'utf8');
    expect(html).not.toContain('id="verdict"');
    expect(html).toContain('<section id="summary">');
  });
});
