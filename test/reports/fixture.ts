/** Synthetic run directory shared by the report tests. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const HEADER =
  'scheme,iteration,time_s,loss,accuracy,payload_bytes_up,payload_bytes_down,wire_bytes_up,wire_bytes_down,packets_up,packets_down,energy_worker_j,energy_server_j,energy_total_j';

/** The schemes of the synthetic run, in CSV order. */
export const SCHEMES = ['dense', 'topk-ef'] as const;

/** Synthetic cumulative metrics: `dense` sends 10x the bytes of `topk-ef`. */
export function metricsCsv(lossOf: (scheme: string, it: number) => number = (s, it) => 2.3 / (1 + it * (s === 'dense' ? 1 : 0.8))): string {
  const lines = [HEADER];
  for (const [scheme, bytesPerIt] of [['dense', 40_000], ['topk-ef', 4_000]] as const) {
    for (let it = 0; it <= 4; it++) {
      const up = bytesPerIt * it;
      const down = up / 2;
      const ew = 0.5 * it;
      const es = 0.1 * it;
      const acc = it % 2 === 0 ? String(0.1 + 0.2 * it) : '';
      lines.push(
        [scheme, it, 0.01 * it * (scheme === 'dense' ? 3 : 1), lossOf(scheme, it), acc, up * 0.9, down * 0.9, up, down, it * 30, it * 15, ew, es, ew + es].join(','),
      );
    }
  }
  return lines.join('\n') + '\n';
}

export function summary(scenarioName = 'tiny-test'): object {
  const final = (t: number, l: number, b: number) => ({ time_s: t, loss: l, wire_bytes_up: b, wire_bytes_down: b / 2, energy_total_j: 2.4 });
  return {
    scenario: { name: scenarioName, description: 'two schemes, five iterations' },
    seed: 42,
    backend: 'cpu',
    schemes: [
      { name: 'dense', status: 'completed', iterations: 4, final: final(0.12, 0.46, 160_000) },
      { name: 'topk-ef', label: 'Top-k + error feedback', status: 'diverged', iterations: 4, final: final(0.04, null as unknown as number, 16_000) },
    ],
    extra: { ignored: true },
  };
}

/** Creates a temp run directory with `metrics.csv` and `summary.json`; the caller removes it. */
export async function makeRunDir(): Promise<string> {
  const runDir = await mkdtemp(join(tmpdir(), 'gradwire-report-'));
  await writeFile(join(runDir, 'metrics.csv'), metricsCsv());
  await writeFile(join(runDir, 'summary.json'), JSON.stringify(summary()));
  return runDir;
}
