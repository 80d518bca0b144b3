import { describe, expect, it } from 'vitest';
import { Environment } from '../../../src/sim/index.js';
import { LINK_PRESETS, Network, UNMETERED, type LinkPreset } from '../../../src/net/index.js';
import { costOfPath } from '../../../src/net/cost/cost-model.js';
import { costOf } from '../../../src/net/cost/cost-of.js';
import { runTransfer } from '../../../src/net/experiments/transfer.js';
import { collectInbox } from '../fixtures.js';

const pointToPoint = Object.values(LINK_PRESETS).filter((p) => p.medium === 'point-to-point');
const SIZES = [0, 1, 1472, 1473, 100_000];

/** Send one message over an idle path a → (switch) → b and read what the simulator charged. */
function simulate(preset: LinkPreset, bytes: number, viaSwitch: boolean, fidelity: 'packet' | 'message') {
  const env = new Environment();
  const net = new Network(env, { fidelity });
  const a = net.addNode('a', 'worker', preset.power);
  const b = net.addNode('b', 'server', preset.power);
  if (viaSwitch) {
    const sw = net.addNode('sw', 'switch', UNMETERED);
    a.setRoute('*', net.connect(a, sw, preset)[0]);
    sw.setRoute('b', net.connect(sw, b, preset)[0]);
  } else {
    a.setRoute('*', net.connect(a, b, preset)[0]);
  }
  net.send('a', 'b', bytes, 'x', null);
  const inbox = collectInbox(env, b, 1);
  env.run();
  const at = inbox.atS[0] ?? NaN;
  const sent = net.traffic.byNode.get('a')!;
  return { seconds: at, bits: 8 * sent.wireBytes, packets: sent.packets, joules: net.ledger.nodeJ('a', at) + net.ledger.nodeJ('b', at) };
}

describe('cost model', () => {
  it('covers every point-to-point preset', () => {
    expect(pointToPoint.map((p) => p.name)).toEqual(expect.arrayContaining(['ethernet-1g-udp', 'ethernet-10g-tcp', 'ethernet-100g-udp']));
  });

  for (const preset of pointToPoint) {
    it(`equals the simulated cost of an idle-link transfer: ${preset.name}`, () => {
      for (const bytes of SIZES) {
        for (const [viaSwitch, hops] of [
          [false, 1],
          [true, 2],
        ] as const) {
          const cost = costOfPath(
            Array.from({ length: hops }, () => ({ link: preset })),
            bytes,
            preset.power,
            preset.power,
          );
          for (const fidelity of ['packet', 'message'] as const) {
            const sim = simulate(preset, bytes, viaSwitch, fidelity);
            expect(cost.bits).toBe(sim.bits);
            expect(cost.packets).toBe(sim.packets);
            expect(cost.seconds).toBeCloseTo(sim.seconds, 15);
            expect(cost.joules).toBeCloseTo(sim.joules, 12);
          }
        }
      }
    });
  }

  it('charges per-message setup time and bytes as the simulator does', () => {
    const base = LINK_PRESETS['ethernet-1g-tcp']!;
    const preset = { ...base, setup: { timeS: 1e-4, bytes: 168 } };
    const cost = costOfPath([{ link: preset }], 5000, preset.power, preset.power);
    const sim = simulate(preset, 5000, false, 'packet');
    expect(cost.seconds).toBeCloseTo(sim.seconds, 15);
    expect(cost.bits).toBe(sim.bits);
    const noSetup = costOfPath([{ link: base }], 5000, base.power, base.power);
    expect(cost.seconds - noSetup.seconds).toBeCloseTo(1e-4 + (168 * 8) / 1e9, 15);
  });
});

describe('cost model on shared media', () => {
  it('equals the simulated LTE upload from an idle UE exactly (promotion, transfer, tail)', () => {
    const lte = LINK_PRESETS['lte']!;
    for (const bytes of [100, 20_000, 1_000_000]) {
      const cost = costOf(lte, bytes);
      const run = runTransfer({ link: lte, bytes, senders: 1, fidelity: 'auto', seed: 1 }, 0);
      expect(run.completionS[0]).toBeCloseTo(cost.seconds, 12);
      expect(run.packets).toBe(cost.packets);
      expect(run.wireBits).toBe(cost.bits);
      expect(run.energyJ['sender/0']).toBeCloseTo(cost.joules, 9);
    }
  });

  for (const name of ['ieee802154', 'ieee802154-6lowpan']) {
    it(`equals the mean simulated IEEE 802.15.4 transfer within 1 %: ${name}`, () => {
      const preset = LINK_PRESETS[name]!;
      for (const bytes of [20, 400]) {
        const cost = costOf(preset, bytes);
        const runs = Array.from({ length: 1000 }, (_, r) => runTransfer({ link: preset, bytes, senders: 1, fidelity: 'auto', seed: 3 }, r));
        const mean = (f: (r: (typeof runs)[number]) => number) => runs.reduce((s, r) => s + f(r), 0) / runs.length;
        expect(runs.every((r) => r.packets === cost.packets && r.wireBits === cost.bits)).toBe(true);
        expect(Math.abs(mean((r) => r.completionS[0]!) / cost.seconds - 1)).toBeLessThan(0.01);
        expect(Math.abs(mean((r) => r.energyJ['sender/0']! + r.energyJ['receiver']!) / cost.joules - 1)).toBeLessThan(0.01);
      }
    });
  }
});
