import { describe, expect, it } from 'vitest';
import { Environment } from '../../../src/sim/index.js';
import { LINK_PRESETS, Network, UNMETERED, applyOverrides, customizePreset, presetProblems, type Fidelity } from '../../../src/net/index.js';

const eth1 = LINK_PRESETS['ethernet-1g-udp']!;
const eth10 = LINK_PRESETS['ethernet-10g-udp']!;
const half = applyOverrides(eth1, { duplex: 'half' });
const s = (1538 * 8) / 1e9; // one full packet (1472 B payload) on 1 Gb/s
const L = eth1.latencyS;

/** a ↔ b over `link`, both sending `packets` full packets at 0; their completions [a→b, b→a]. */
function exchange(fidelity: Fidelity, link: typeof eth1, packets = 3): number[] {
  const env = new Environment();
  const net = new Network(env, { fidelity });
  const a = net.addNode('a', 'worker', eth1.power);
  const b = net.addNode('b', 'worker', eth1.power);
  const [ab, ba] = net.connect(a, b, link);
  a.setRoute('*', ab);
  b.setRoute('*', ba);
  const done = [NaN, NaN];
  [net.send('a', 'b', packets * 1472, 'x', null), net.send('b', 'a', packets * 1472, 'y', null)].forEach((m, i) => net.onDelivery(m.id, () => (done[i] = env.now)));
  env.run();
  expect(net.fidelity).toBe(fidelity);
  return done;
}

describe('half-duplex links', () => {
  it('is a preset field, full by default, overridable to half, checked', () => {
    expect(eth1.duplex).toBe('full');
    expect(half.duplex).toBe('half');
    expect(presetProblems(customizePreset(eth1, { duplex: 'half' }))).toEqual([]);
    // built by spreading: applyOverrides may refuse the value itself, this checks presetProblems
    expect(presetProblems({ ...eth1, duplex: 'simplex' as 'full' }).join()).toContain('duplex: expected "full" or "half", given "simplex"');
  });

  it('an exchange: full duplex sends both ways at once; half duplex one after the other (packet, message), or sharing (flow)', () => {
    for (const fidelity of ['packet', 'message', 'flow'] as const) {
      const full = exchange(fidelity, eth1);
      expect(full[0]).toBeCloseTo(3 * s + L, 15);
      expect(full[1]).toBeCloseTo(3 * s + L, 15);
    }
    // one wire, one FIFO: a's train was queued first, b's waits for it
    for (const fidelity of ['packet', 'message'] as const) {
      const [ab, ba] = exchange(fidelity, half);
      expect(ab).toBeCloseTo(3 * s + L, 15);
      expect(ba).toBeCloseTo(6 * s + L, 15);
    }
    // flow: one capacity, shared max-min: both at half the rate
    const [ab, ba] = exchange('flow', half);
    expect(ab).toBeCloseTo(6 * s + L, 15);
    expect(ba).toBeCloseTo(6 * s + L, 15);
  });

  it('interleaves a relayed train with the reverse direction in queueing order, worked out packet by packet', () => {
    // x →(10 Gb/s) a →(1 Gb/s, half duplex) b; x sends 3 packets to b at 0, b sends 2 to a at 0.15 s.
    // x's packets reach a at 0.1s + L, 0.2s + L, 0.3s + L. On the a–b wire: x p0 [0.1s+L, 1.1s+L];
    // b's train, queued at 0.15s, goes next: [1.1s+L, 2.1s+L], [2.1s+L, 3.1s+L] (b→a done at 3.1s + 2L);
    // then x p1, p2: [3.1s+L, 4.1s+L], [4.1s+L, 5.1s+L] (x→b done at 5.1s + 2L).
    for (const fidelity of ['packet', 'message'] as const) {
      const env = new Environment();
      const net = new Network(env, { fidelity });
      const [x, a, b] = ['x', 'a', 'b'].map((n) => net.addNode(n, n === 'a' ? 'switch' : 'worker', n === 'a' ? UNMETERED : eth1.power));
      x!.setRoute('*', net.connect(x!, a!, eth10)[0]);
      const [ab, ba] = net.connect(a!, b!, half);
      a!.setRoute('b', ab);
      b!.setRoute('*', ba);
      const done = [NaN, NaN];
      const m0 = net.send('x', 'b', 3 * 1472, 'x', null);
      net.onDelivery(m0.id, () => (done[0] = env.now));
      env.timeout(0.15 * s).addCallback(() => {
        const m1 = net.send('b', 'a', 2 * 1472, 'y', null);
        net.onDelivery(m1.id, () => (done[1] = env.now));
      });
      env.run();
      expect(done[1]).toBeCloseTo(3.1 * s + 2 * L, 15);
      expect(done[0]).toBeCloseTo(5.1 * s + 2 * L, 15);
    }
  });
});
