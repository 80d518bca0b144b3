import { buildComparison } from '../../../reports/compare.js';
import { outDir } from '../paths.js';

/** `gradwire compare`: the comparison report of several run directories. */
export async function compare(dirs: string[], opts: { out: string; images?: boolean }): Promise<void> {
  const index = await buildComparison(dirs, outDir('--out', opts.out), { images: opts.images !== false });
  process.stderr.write(`compare: ${index}\n`);
}
