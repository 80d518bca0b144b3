import { describe, expect, it } from 'vitest';
import { runScenario, type SchemeSummary } from '../../src/run/run.js';
import { LOGISTIC_4, RING_AR_AND_AG, scenario, tmp } from './fixtures.js';

const BODY = `${LOGISTIC_4}training: { iterations: 5, learningRate: 1, evalEvery: 1 }
`;

/** Wire bytes and packets on the hops whose ends match (links.csv names hops `from→to`). */
function onHops(s: SchemeSummary, match: (from: string, to: string) => boolean) {
  let bytes = 0;
  let packets = 0;
  for (const l of s.links) {
    const [from, to] = l.link.split('→') as [string, string];
    if (!match(from, to)) continue;
    bytes += l.wire_bytes;
    packets += l.packets;
  }
  return { bytes, packets };
}

describe('wire bytes and packets per role (run/traffic.ts)', () => {
  it('serverless: up is what the workers sent, down what they received, both > 0', async () => {
    const r = await runScenario(scenario(`${BODY}${RING_AR_AND_AG}`), tmp('traffic'));
    for (const s of r.schemes) {
      const last = s.final!;
      const isWorker = (n: string) => n.startsWith('worker/');
      const got = onHops(s, (_, to) => isWorker(to));
      const sent = onHops(s, (from) => isWorker(from));
      expect(last.wire_bytes_down).toBeGreaterThan(0);
      expect(last.wire_bytes_down).toBe(got.bytes);
      expect(last.packets_down).toBe(got.packets);
      expect(last.wire_bytes_up).toBe(sent.bytes);
      expect(last.packets_up).toBe(sent.packets);
    }
  });

  it('parameter server: up is what the server received, down what it sent', async () => {
    const r = await runScenario(
      scenario(`${BODY}network: { topology: parameter-server-star }
schemes:
  - name: ps
    uplink: { compressor: { kind: topk, k: 8 }, errorFeedback: true }
`),
      tmp('traffic'),
    );
    const s = r.schemes[0]!;
    const toServer = onHops(s, (_, to) => to === 'server');
    const fromServer = onHops(s, (from) => from === 'server');
    expect(toServer.bytes).toBeGreaterThan(0);
    expect(s.final!.wire_bytes_up).toBe(toServer.bytes);
    expect(s.final!.packets_up).toBe(toServer.packets);
    expect(s.final!.wire_bytes_down).toBe(fromServer.bytes);
    expect(s.final!.packets_down).toBe(fromServer.packets);
  });
});
