import type { Framing } from '../framing.js';
import { type Hop, newHopTrace } from '../hop.js';
import type { Packet } from '../message.js';
import type { Network } from '../network.js';
import type { NetNode } from '../node.js';
import { ieee802154Problems, type Ieee802154Preset } from '../presets/ieee802154.js';
import { type BitsPerSecond, type Bytes, type Seconds, txTimeS } from '../units.js';
import { Ieee802154Channel } from './ieee802154-channel.js';
import { type FrameOutcome, type Ieee802154Counters, zeroCounters } from './ieee802154-counters.js';
import { NodeMac, type MacContext } from './ieee802154-mac.js';
import { ieee802154Messages as msg } from './ieee802154-messages.js';
import { ieee802154Timing, type Ieee802154Timing } from './ieee802154-timing.js';
import { RadioMeter } from './ieee802154-meter.js';
import { Ieee802154SinrReception } from './ieee802154-reception.js';

export { zeroCounters, type FrameOutcome, type Ieee802154Counters } from './ieee802154-counters.js';
export { ieee802154Timing, type Ieee802154Timing } from './ieee802154-timing.js';
export { Ieee802154Channel, overlaps, TIME_EPS_S, type Transmission } from './ieee802154-channel.js';
export { RadioMeter } from './ieee802154-meter.js';
export { ieee802154Messages } from './ieee802154-messages.js';
export { Ieee802154SinrReception, type ReceptionVerdict } from './ieee802154-reception.js';
export { oqpskBitErrorRate, chunkSuccessRate, noiseFloorDbm, noiseFigureForSensitivityDb, snrForPacketErrorRateDb, logDistanceLossDb, friisLossDb } from './ieee802154-error.js';

/**
 * A sender→receiver pair on an IEEE 802.15.4 channel. Packets go to the
 * sender's MAC queue (shared by all the sender's hops: one radio); traces:
 * `tx` per data-frame transmission (`seconds` = PPDU airtime, `retransmission`
 * on every attempt after the first), `rx` per data frame received intact
 * (retransmissions already delivered included: the radio received them), and
 * `drop` per frame given up, with the reason. ACKs are not traced. Energy is
 * not taken from the traces: the hop is self-metered (see `RadioMeter`). Never FIFO and without
 * `serveTrain`, so the network runs at packet fidelity.
 */
export class Ieee802154Hop implements Hop {
  readonly trace = newHopTrace();
  readonly fifo = false;
  /** Each node's `RadioMeter` charges all its radio time (data frames, ACKs, listening). */
  readonly selfMetered = true;
  /** Packet fidelity only: no wire to plan, no per-message setup. */
  readonly wire: object = this;
  readonly setupBytes = 0;
  setupS(): Seconds {
    return 0;
  }

  constructor(
    private readonly medium: Ieee802154Medium,
    readonly from: NetNode,
    readonly to: NetNode,
  ) {}

  get name(): string {
    return `${this.from.name}→${this.to.name}`;
  }
  get framing(): Framing {
    return this.medium.preset.framing;
  }
  get bandwidthBps(): BitsPerSecond {
    return this.medium.preset.bandwidthBps;
  }
  get latencyS(): Seconds {
    return this.medium.preset.latencyS;
  }

  sendPacket(packet: Packet): void {
    this.medium.macOf(this.from.name).enqueue(packet, this);
  }
}

/** Counters of a medium: totals and per node (a node's counters are about the frames it sends). */
export interface Ieee802154Stats {
  readonly total: Ieee802154Counters;
  readonly byNode: ReadonlyMap<string, Ieee802154Counters>;
}

/**
 * One IEEE 802.15.4 channel (2.4 GHz O-QPSK) shared by its nodes, all within
 * carrier sense of each other (a CCA senses every transmission), with
 * unslotted CSMA-CA, Imm-Ack, retransmissions and IFS (see `NodeMac`).
 * Reception follows the preset's `reception.model`: 'sinr' decides each frame
 * from received power, interference and the O-QPSK error curve, with capture
 * (see `Ieee802154SinrReception`; per-chunk draws from
 * `ieee802154/<receiver>/rx`); 'collision' loses every overlapping frame. Each
 * node has one radio, one MAC queue and one backoff stream
 * `network.stream('ieee802154/<node>')` (data-frame errors, when the preset
 * has them, draw from `ieee802154/<node>/loss`). Energy: data frames through the hop traces, ACKs
 * and lost receptions through the ledger directly, and for a node whose radio
 * is off between transfers (power background not 'listen') the time its MAC
 * is busy (IFS, backoff, CCA, turnarounds, ACK wait) as 'listen' (see
 * `RadioMeter`). Reception is not gated by the radio policy: a receiver is
 * taken to be awake for the frames addressed to it (no duty-cycling MAC).
 *
 * Where the standard leaves room: channel-access failure and NO_ACK drop the
 * frame unless `mac.upperLayerRetries` resubmits it; the IFS is waited out
 * before CSMA-CA starts (as ns-3); a retransmission the receiver already has
 * is acknowledged but not delivered twice; ACKs are matched to their frame
 * (no sequence-number aliasing); the CCA is busy if any signal overlaps its
 * 8-symbol window or the node's own radio is transmitting.
 */
export class Ieee802154Medium {
  /** The channel's state: transmissions on the air, radios busy transmitting. */
  readonly channel: Ieee802154Channel;
  /** Durations derived from the preset. */
  readonly timing: Ieee802154Timing;
  /** Signal-to-interference reception (preset reception.model 'sinr'), or null ('collision'). */
  readonly reception: Ieee802154SinrReception | null;
  /** Trace source: a frame was acknowledged or given up. */
  readonly trace: { readonly frame: ((outcome: FrameOutcome) => void)[] } = { frame: [] };
  private readonly total = zeroCounters();
  private readonly perNode = new Map<string, Ieee802154Counters>();
  private readonly macs = new Map<string, NodeMac>();
  private readonly hopList: Ieee802154Hop[] = [];
  private frameIds = 0;
  private readonly ctx: MacContext;

  constructor(
    private readonly network: Network,
    readonly preset: Ieee802154Preset,
  ) {
    // every declared field (the generic ones too), then what ties them together: presets built in code reach here unchecked
    const problems = ieee802154Problems(preset);
    if (problems.length > 0) throw new Error(msg.invalidPreset(preset.name, problems));
    this.timing = ieee802154Timing(preset);
    const longestFrameS = txTimeS(this.timing.phyOverheadBytes + preset.phy.aMaxPHYPacketSizeBytes, preset.bandwidthBps);
    // kept long enough for the chains of earlier frames a receiver may have been locked onto
    this.channel = new Ieee802154Channel(network.env, preset.latencyS, 4 * longestFrameS + this.timing.ackWaitS + this.timing.ccaS);
    this.reception = preset.reception.model === 'sinr' ? new Ieee802154SinrReception(preset.reception, this.channel, txTimeS(preset.phy.shrBytes, preset.bandwidthBps), preset.bandwidthBps) : null;
    this.ctx = {
      env: network.env,
      preset,
      timing: this.timing,
      channel: this.channel,
      reception: this.reception,
      mac: (node) => this.macOf(node),
      count: (node, key) => {
        this.total[key]++;
        let c = this.perNode.get(node);
        if (c === undefined) this.perNode.set(node, (c = zeroCounters()));
        c[key]++;
      },
      outcome: (o) => {
        for (const hook of this.trace.frame) hook(o);
      },
      nextFrameId: () => this.frameIds++,
    };
  }

  /** Counters so far (live objects; copy them to keep a snapshot). */
  get stats(): Ieee802154Stats {
    return { total: this.total, byNode: this.perNode };
  }

  /** The totals as a flat record (for reports and the transfer experiment). */
  counters(): Record<string, number> {
    return { ...this.total };
  }

  /** The hops created on this channel, in order. */
  get hops(): readonly Ieee802154Hop[] {
    return this.hopList;
  }

  /** Nodes on the channel, in the order they joined. */
  get nodes(): readonly string[] {
    return [...this.macs.keys()];
  }

  /**
   * Put a node's radio on the channel. The node's power profile says how its
   * radio is run: background 'listen' is an always-on receiver (listening costs
   * nothing extra); any other background (idle, sleep) is a radio off between
   * transfers, charged 'listen' while its MAC works. So an always-on hub may
   * serve members whose radios sleep (`withRadioPolicy(preset, …).power`).
   */
  join(node: NetNode): void {
    if (this.macs.has(node.name)) throw new Error(msg.alreadyOnChannel(node.name));
    const env = this.network.env;
    const meter = new RadioMeter(env, this.network.ledger, node.name, node.power.background !== 'listen');
    const lossRng = this.preset.arq.packetErrorRate > 0 ? this.network.stream(`ieee802154/${node.name}/loss`) : null;
    const rxRng = this.reception !== null ? this.network.stream(`ieee802154/${node.name}/rx`) : null;
    this.reception?.join(node.name);
    this.macs.set(node.name, new NodeMac(this.ctx, node, this.network.stream(`ieee802154/${node.name}`), lossRng, meter, rxRng));
  }

  /** Create the hop `from → to` between two nodes on the channel and register it with the network. */
  link(from: NetNode, to: NetNode): Ieee802154Hop {
    for (const n of [from, to]) if (!this.macs.has(n.name)) throw new Error(msg.notOnChannel(n.name));
    const hop = new Ieee802154Hop(this, from, to);
    this.hopList.push(hop);
    this.network.addHop(hop);
    return hop;
  }

  /** @internal The MAC of a node on the channel. */
  macOf(node: string): NodeMac {
    const mac = this.macs.get(node);
    if (mac === undefined) throw new Error(msg.notOnChannel(node));
    return mac;
  }

  /** Frames waiting in `node`'s MAC queue (behind the one being served). */
  queueLength(node: string): number {
    return this.macOf(node).queueLength;
  }
}

/**
 * Put a hub and its members on one IEEE 802.15.4 channel: for each member a
 * hop member→hub and a hop hub→member, registered with the network, with
 * routes `member → '*' → up` and `hub → member → down`. Returns the medium
 * (its `stats`, `trace.frame`, `hops`).
 */
export function attachIeee802154(network: Network, hub: NetNode, members: readonly NetNode[], preset: Ieee802154Preset): Ieee802154Medium {
  if (members.some((m) => m.name === hub.name)) throw new Error(msg.hubAmongMembers(hub.name));
  const medium = new Ieee802154Medium(network, preset);
  medium.join(hub);
  for (const member of members) medium.join(member);
  for (const member of members) {
    const up = medium.link(member, hub);
    const down = medium.link(hub, member);
    member.setRoute('*', up);
    hub.setRoute(member.name, down);
  }
  return medium;
}

/** Durations of one uncontended acknowledged frame exchange, from enqueue to the ACK's last symbol. */
export interface ExchangeTime {
  /** With a zero backoff (s). */
  readonly minS: Seconds;
  /** With the mean backoff (2^macMinBE − 1)/2 unit periods (s). */
  readonly meanS: Seconds;
  /** With the longest first backoff, 2^macMinBE − 1 unit periods (s). */
  readonly maxS: Seconds;
}

/**
 * Closed form for one frame of `wireBytes` (PPDU) on an idle channel with no
 * IFS pending: backoff + CCA + turnaround + frame + turnaround + ACK (+ two
 * propagation delays). What the medium produces when nothing else transmits
 * and the frame and its ACK get through (with 'sinr' reception, a member well
 * inside range: at the default 10 m the SNR is 15 dB and noise losses are nil).
 */
export function uncontendedExchangeS(preset: Ieee802154Preset, wireBytes: Bytes): ExchangeTime {
  const t = ieee802154Timing(preset);
  const fixed = t.ccaS + t.turnaroundS + txTimeS(wireBytes, preset.bandwidthBps) + t.propagationS + t.turnaroundS + t.ackAirS + t.propagationS;
  const maxPeriods = 2 ** preset.mac.macMinBE - 1;
  return { minS: fixed, meanS: fixed + (maxPeriods / 2) * t.unitBackoffS, maxS: fixed + maxPeriods * t.unitBackoffS };
}
