import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { Environment, RandomStreams } from '../../../src/sim/index.js';
import { buildNetwork } from '../../../src/run/build-network.js';
import { parseScenario } from '../../../src/scenario/load.js';
import { hopsOf } from '../../../src/scenario/estimate/packet-memory.js';

const scenario = (network: Record<string, unknown>, scheme: Record<string, unknown>, count: number) =>
  parseScenario(
    stringify({
      name: 'h',
      network,
      workers: { count, batchSize: 8 },
      model: { kind: 'logistic-regression', features: 100, trainSamples: 256, testSamples: 16 },
      training: { iterations: 2, learningRate: 0.1 },
      schemes: [{ name: 's', ...scheme }],
    }),
    'h.yaml',
  );
const topk = { compressor: { kind: 'topk', k: 10 } };

describe("the estimate's hops: the longest route of the scheme's messages in the network a run builds", () => {
  const cases: [string, ReturnType<typeof scenario>, number][] = [
    ['parameter server, star', scenario({}, { uplink: topk }, 4), 2],
    // the border router is a hop more (it was counted as 2)
    ['parameter server, star of IEEE 802.15.4 workers', scenario({ workerLink: { preset: 'ieee802154' } }, { uplink: topk }, 4), 3],
    // worker → edge → core → server (it was counted as 4, the hops between workers of two groups)
    ['parameter server, tree', scenario({ topology: 'tree', treeGroupSize: 2 }, { uplink: topk }, 6), 3],
    ['all-gather, tree of several groups', scenario({ topology: 'tree', treeGroupSize: 2 }, { kind: 'allgather', uplink: topk }, 6), 4],
    ['all-gather, tree of one group', scenario({ topology: 'tree', treeGroupSize: 8 }, { kind: 'allgather', uplink: topk }, 6), 2],
    ['ring all-reduce, ring', scenario({ topology: 'ring' }, { kind: 'ring-allreduce' }, 5), 1],
    // ⌊5/2⌋ the shorter way round (it was counted as ⌈5/2⌉ = 3)
    ['gTop-k, ring of 5', scenario({ topology: 'ring' }, { kind: 'gtopk', uplink: topk }, 5), 2],
    ['gTop-k, ring of 8', scenario({ topology: 'ring' }, { kind: 'gtopk', uplink: topk }, 8), 4],
    ['gTop-k, switch', scenario({ topology: 'switch' }, { kind: 'gtopk', uplink: topk }, 8), 2],
  ];

  it.each(cases)('%s', (_, s, literal) => {
    const scheme = s.schemes[0]!;
    const { network, workers } = buildNetwork(s, new Environment(), new RandomStreams(1, 0));
    const names = workers.map((w) => w.name);
    const P = names.length;
    const pairs: [string, string][] =
      scheme.kind === 'parameter-server'
        ? names.flatMap((w): [string, string][] => [
            [w, 'server'],
            ['server', w],
          ])
        : scheme.kind === 'gtopk'
          ? names.flatMap((a) => names.filter((b) => b !== a).map((b): [string, string] => [a, b]))
          : names.flatMap((w, i): [string, string][] => [
              [w, names[(i + 1) % P]!],
              [names[(i + 1) % P]!, w],
            ]);
    const longest = Math.max(...pairs.map(([a, b]) => network.path(a, b).length));
    expect(hopsOf(s, scheme)).toBe(longest);
    expect(hopsOf(s, scheme)).toBe(literal);
  });
});
