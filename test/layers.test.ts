import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The architecture as the folders show it: each layer may import the layers after it, never one before.
const LAYERS = ['cli', 'bench', 'sweep', 'run', 'scenario', 'learn', 'net', 'sim'] as const;
// Leaves any layer may import: the words of messages (src/text), the result-file format and the version.
const LEAVES = ['results', 'text', 'version.js'];
const ROOT = join(import.meta.dirname, '..');
const MAX_LINES = 400;
/**
 * Upward references that run a module as a program of its own rather than import it, each as `file → target`:
 * the startup benchmark times the built `gradwire` command in a child process, so it names the CLI's entry file.
 * The check still sees them; the list must match exactly, so a new one (or a removed one) fails it.
 */
const PROGRAMS_RUN = ['src/bench/startup.ts → src/cli/main.js'];

/** TypeScript sources under `dir` (.ts, and the CommonJS/ES-module variants .cts and .mts). */
function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : /\.[cm]?ts$/.test(e.name) ? [join(dir, e.name)] : []));
}

/** Every folder under `dir`, `dir` itself included. */
function folders(dir: string): string[] {
  return [dir, ...readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? folders(join(dir, e.name)) : []))];
}

/**
 * The relative module specifiers of a source text: static imports and re-exports (`from './x.js'`, `import './x.js'`),
 * dynamic `import('./x.js')`, and files located by `new URL('./x.js', import.meta.url)` (a worker or a child process).
 */
function references(text: string): string[] {
  // a quoted relative path, its quote the capture group `n` (the path is group n + 1)
  const quoted = (n: number) => `(['"])(\\.{1,2}/[^'"]+)\\${n}`;
  const forms = new RegExp(`(?:\\bfrom|\\bimport)\\s*\\(?\\s*${quoted(1)}|\\bnew\\s+URL\\(\\s*${quoted(3)}\\s*,\\s*import\\.meta\\.url\\s*\\)`, 'g');
  return [...text.matchAll(forms)].map((m) => (m[2] ?? m[4])!);
}

/** Every relative reference of a file, as a path from the repository root. */
function imports(file: string): string[] {
  return references(readFileSync(join(ROOT, file), 'utf8')).map((r) => normalize(join(dirname(file), r)));
}

/** The top folder of a path under src/ (`src/net/link/port.js` → `net`). */
const top = (path: string) => relative('src', path).split('/')[0]!;

describe('architecture', () => {
  const files = [...sources('src'), ...sources('reports')];

  it('sees every form of module reference: static, re-export, dynamic import and new URL(…, import.meta.url)', () => {
    const text = [
      "import { a } from '../net/a.js';",
      "import type { B } from './b.js' with { 'resolution-mode': 'import' };",
      "export * from '../sim/c.js';",
      "import './side-effect.js';",
      "const { d } = await import('../../reports/d.js');",
      "const cli = fileURLToPath(new URL('../cli/main.js', import.meta.url));",
      'const child = new URL("./child.js", import.meta.url);',
      // not module references: a bare package, a URL built from a value, a path in a comment's prose
      "const { parse } = await import('yaml');",
      'const u = new URL(route.request().url());',
      '// see ./elsewhere.js',
    ].join('\n');
    expect(references(text)).toEqual(['../net/a.js', './b.js', '../sim/c.js', './side-effect.js', '../../reports/d.js', '../cli/main.js', './child.js']);
  });

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
    expect(upward).toEqual(PROGRAMS_RUN);
  });

  it('keeps the words of messages a leaf, the result-file format on it alone, and reports/ off everything in src/ but the format', () => {
    for (const file of files.filter((f) => f.startsWith('src/text/'))) {
      for (const target of imports(file)) expect(target.startsWith('src/text/'), `${file} imports ${target}`).toBe(true);
    }
    for (const file of files.filter((f) => f.startsWith('src/results/'))) {
      for (const target of imports(file)) expect(target.startsWith('src/results/') || target.startsWith('src/text/'), `${file} imports ${target}`).toBe(true);
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

  it(`keeps every file in src/, reports/ and test/ under ${MAX_LINES} lines`, () => {
    const long = [...files, ...sources('test')].map((f) => [f, readFileSync(join(ROOT, f), 'utf8').split('\n').length - 1] as const).filter(([, n]) => n > MAX_LINES);
    expect(long).toEqual([]);
  });

  it('mirrors every folder of src/ in test/, holding at least one *.test.ts', () => {
    const untested = folders('src')
      .map((f) => join('test', relative('src', f)))
      .filter((t) => !existsSync(join(ROOT, t)) || !readdirSync(join(ROOT, t)).some((n) => n.endsWith('.test.ts')));
    expect(untested).toEqual([]);
  });
});
