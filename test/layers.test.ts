import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The architecture as the folders show it: each layer may import the layers after it, never one before.
const LAYERS = ['cli', 'bench', 'sweep', 'run', 'scenario', 'learn', 'net', 'sim'] as const;
// Leaves any layer may import: the result-file format and the version.
const LEAVES = ['results', 'version.js'];
const ROOT = join(import.meta.dirname, '..');
const MAX_LINES = 400;

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Every folder under `dir`, `dir` itself included. */
function folders(dir: string): string[] {
  return [dir, ...readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? folders(join(dir, e.name)) : []))];
}

/** Every relative import of a file, as a path from the repository root. */
function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => normalize(join(dirname(file), m[1]!)));
}

/** The top folder of a path under src/ (`src/net/link/port.js` → `net`). */
const top = (path: string) => relative('src', path).split('/')[0]!;

describe('architecture', () => {
  const files = [...sources('src'), ...sources('reports')];

  it('imports run from a layer to the layers below it only: cli → bench → sweep → run → scenario → learn → net → sim', () => {
    const upward: string[] = [];
    for (const file of files.filter((f) => f.startsWith('src/'))) {
      const from = LAYERS.indexOf(top(file) as (typeof LAYERS)[number]);
      for (const target of imports(file)) {
        if (target.startsWith('reports/')) {
          if (!file.startsWith('src/cli/')) upward.push(`${file} → ${target}`); // only the commands build reports
          continue;
        }
        const layer = top(target);
        if (LEAVES.includes(layer)) continue;
        const to = LAYERS.indexOf(layer as (typeof LAYERS)[number]);
        expect(to, `${file} imports ${target}, in no known layer`).toBeGreaterThanOrEqual(0);
        if (from >= 0 && to < from) upward.push(`${file} → ${target}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('keeps the result-file format a leaf, and reports/ off everything in src/ but it', () => {
    for (const file of files.filter((f) => f.startsWith('src/results/'))) {
      for (const target of imports(file)) expect(target.startsWith('src/results/'), `${file} imports ${target}`).toBe(true);
    }
    const reaching = files
      .filter((f) => f.startsWith('reports/'))
      .flatMap((f) =>
        imports(f)
          .filter((t) => t.startsWith('src/') && !t.startsWith('src/results/'))
          .map((t) => `${f} → ${t}`),
      );
    expect(reaching).toEqual([]);
  });

  it(`keeps every file in src/ and reports/ under ${MAX_LINES} lines`, () => {
    const long = files.map((f) => [f, readFileSync(join(ROOT, f), 'utf8').split('\n').length - 1] as const).filter(([, n]) => n > MAX_LINES);
    expect(long).toEqual([]);
  });

  it('mirrors every folder of src/ in test/, holding at least one *.test.ts', () => {
    const untested = folders('src')
      .map((f) => join('test', relative('src', f)))
      .filter((t) => !existsSync(join(ROOT, t)) || !readdirSync(join(ROOT, t)).some((n) => n.endsWith('.test.ts')));
    expect(untested).toEqual([]);
  });
});
