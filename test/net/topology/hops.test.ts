import { describe, expect, it } from 'vitest';
import { Environment } from '../../../src/sim/index.js';
import { LINK_PRESETS, type LinkPreset } from '../../../src/net/presets/index.js';
import type { PowerProfile } from '../../../src/net/power.js';
import type { Network } from '../../../src/net/network.js';
import type { RoutePattern } from '../../../src/net/topology/route-pattern.js';
import { buildStar, starHops } from '../../../src/net/topology/star.js';
import { buildSwitch, switchHops } from '../../../src/net/topology/switch.js';
import { buildTree, treeHops } from '../../../src/net/topology/tree.js';
import { buildRing, ringHops } from '../../../src/net/topology/ring.js';

const power: PowerProfile = { watts: { tx: 2, rx: 3, idle: 1 }, background: 'idle', source: 'test' };
const eth = LINK_PRESETS['ethernet-1g-udp']!;
const radio = LINK_PRESETS['ieee802154']!;
const lte = LINK_PRESETS['lte']!;
const attach = (link: LinkPreset) => ({ link, power });
const workersOf = (links: readonly LinkPreset[]) => links.map(attach);

/** The hops of the longest route of a pattern, as the built network resolves each route (`Network.path`), both ways. */
function measured(network: Network, workers: readonly string[], pattern: RoutePattern): number {
  const P = workers.length;
  const pairs: [string, string][] = [];
  if (pattern === 'server') for (const w of workers) pairs.push([w, 'server'], ['server', w]);
  if (pattern === 'neighbour' && P > 1) for (let i = 0; i < P; i++) pairs.push([workers[i]!, workers[(i + 1) % P]!], [workers[(i + 1) % P]!, workers[i]!]);
  if (pattern === 'peer') for (const a of workers) for (const b of workers) if (a !== b) pairs.push([a, b]);
  return pairs.reduce((most, [a, b]) => Math.max(most, network.path(a, b).length), 0);
}

const patterns: RoutePattern[] = ['server', 'neighbour', 'peer'];
const names = (nodes: readonly { name: string }[]) => nodes.map((n) => n.name);

describe('each topology builder declares the hops of its longest route per pattern', () => {
  it.each([1, 2, 3, 5, 8])('ring of %i', (P) => {
    const ring = buildRing(new Environment(), { workers: workersOf(Array.from({ length: P }, () => eth)) });
    for (const pattern of ['neighbour', 'peer'] as const) expect(ringHops(pattern, P), pattern).toBe(measured(ring.network, names(ring.workers), pattern));
    expect(ringHops('server', P)).toBe(0);
  });

  it('ring: one hop to a neighbour, ⌊P/2⌋ to the farthest peer (literal)', () => {
    expect([1, 2, 3, 4, 5, 8].map((P) => ringHops('peer', P))).toEqual([0, 1, 1, 2, 2, 4]);
    expect([1, 2, 3].map((P) => ringHops('neighbour', P))).toEqual([0, 1, 1]);
  });

  it.each([
    [1, 3],
    [2, 3],
    [3, 3],
    [4, 3],
    [7, 3],
    [8, 4],
  ])('tree of %i workers in groups of %i', (P, g) => {
    const tree = buildTree(new Environment(), { workers: workersOf(Array.from({ length: P }, () => eth)), groupSize: g, uplinks: attach(eth), server: attach(eth) });
    for (const pattern of patterns) expect(treeHops(pattern, P, g), pattern).toBe(measured(tree.network, names(tree.workers), pattern));
  });

  it.each([1, 2, 5])('switch of %i', (P) => {
    const sw = buildSwitch(new Environment(), { workers: workersOf(Array.from({ length: P }, () => eth)), server: attach(eth) });
    for (const pattern of patterns) expect(switchHops(pattern, P), pattern).toBe(measured(sw.network, names(sw.workers), pattern));
  });

  const stars: [string, LinkPreset[], number[]][] = [
    // [case, worker links, literal hops for server, neighbour, peer]
    ['one wired worker', [eth], [2, 0, 0]],
    ['wired workers', [eth, eth, eth, eth], [2, 2, 2]],
    ['workers behind one border router', [radio, radio, radio], [3, 2, 2]],
    ['radio and wired workers', [radio, radio, eth, eth], [3, 3, 3]],
    ['two media', [radio, radio, lte, lte], [3, 4, 4]],
    // 0 and 2 are neighbours of 1 and 3, never of each other: the farthest peers are no neighbours
    ['two media, apart', [radio, eth, lte, eth], [3, 3, 4]],
  ];
  it.each(stars)('star: %s', (_, links, literal) => {
    const star = buildStar(new Environment(), { workers: workersOf(links), server: attach(eth) });
    patterns.forEach((pattern, i) => {
      expect(starHops(pattern, links), pattern).toBe(measured(star.network, names(star.workers), pattern));
      expect(starHops(pattern, links), pattern).toBe(literal[i]);
    });
  });
});
