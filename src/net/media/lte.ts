import type { Environment } from '../../sim/index.js';
import { Fifo } from '../../sim/fifo.js';
import type { Framing } from '../framing.js';
import { type Hop, type HopEvent, newHopTrace } from '../hop.js';
import type { Packet } from '../message.js';
import type { Network } from '../network.js';
import type { NetNode } from '../node.js';
import type { LtePreset } from '../presets/lte.js';
import { type BitsPerSecond, bytesToBits, type Seconds } from '../units.js';
import { SharedChannel, type SharedFlow } from './lte-channel.js';
import { RrcMachine, type RrcCounters, type RrcFlow } from './lte-rrc.js';
import { netErrors } from '../messages.js';

export { SharedChannel, type SharedFlow } from './lte-channel.js';
export { RrcMachine, type RrcCounters, type RrcFlow, type RrcState } from './lte-rrc.js';

/**
 * One direction between a UE and its eNodeB: `ue→enb` (uplink) or `enb→ue`
 * (downlink). Packets wait in a FIFO at the sender; the head-of-line packet is
 * served on the cell's shared channel for that direction once the UE's RRC
 * machine is connected, then arrives one `latencyS` after its last bit.
 *
 * Trace events report wire bytes, packets and the packet's time in service
 * on the shared channel (from the start of its first bit to its last bit, at
 * whatever share it got meanwhile). The hop is self-metered: the UE's radio
 * time and rate-dependent energy are charged by the RRC machine, not from
 * these traces. Not FIFO in the `Hop.fifo` sense (its rate depends on the
 * other UEs), and it has no `serveTrain`: packet fidelity.
 */
export class LteHop implements Hop, SharedFlow, RrcFlow {
  readonly trace = newHopTrace();
  readonly fifo = false;
  /** The RRC machine charges the UE's energy. */
  readonly selfMetered = true;
  /** Packet fidelity only: no wire to plan, no per-message setup. */
  readonly wire: object = this;
  readonly setupBytes = 0;
  setupS(): Seconds {
    return 0;
  }
  /** Shared-channel state (see SharedFlow). */
  remainingBits = 0;
  rateBps: BitsPerSecond = 0;
  private readonly queue = new Fifo<Packet>();
  private head: Packet | undefined;
  /** When the head packet entered service on the channel (s). */
  private headStartS: Seconds = 0;
  private finished: Packet | undefined;
  /** Time in service of the packet just finished (s). */
  private finishedS: Seconds = 0;

  constructor(
    private readonly env: Environment,
    readonly from: NetNode,
    readonly to: NetNode,
    readonly direction: 'uplink' | 'downlink',
    private readonly preset: LtePreset,
    private readonly channel: SharedChannel,
    private readonly rrc: RrcMachine,
  ) {}

  get name(): string {
    return `${this.from.name}→${this.to.name}`;
  }
  get framing(): Framing {
    return this.preset.framing;
  }
  /** The rate one UE gets alone in this direction (bit/s); the current share is `rateBps`. */
  get bandwidthBps(): BitsPerSecond {
    return this.direction === 'uplink' ? this.preset.uplinkBps : this.preset.downlinkBps;
  }
  get latencyS(): Seconds {
    return this.preset.latencyS;
  }
  /** Packets waiting behind the one in service. */
  get queueLength(): number {
    return this.queue.length;
  }
  get backlogged(): boolean {
    return this.head !== undefined || this.queue.length > 0;
  }

  sendPacket(packet: Packet): void {
    this.queue.push(packet);
    this.rrc.onData();
  }

  /** @internal The UE is connected: start on the shared channel if idle with packets waiting. */
  resume(): void {
    if (this.head !== undefined || !this.loadNext()) return;
    this.channel.activate(this);
  }

  /** @internal */
  beforeRateChange(): void {
    this.rrc.settle(this.env.now);
  }

  /** @internal */
  advanceHead(): boolean {
    this.finished = this.head;
    this.finishedS = this.env.now - this.headStartS;
    this.head = undefined;
    return this.loadNext();
  }

  /** @internal */
  afterHead(stillActive: boolean): void {
    const packet = this.finished as Packet;
    this.finished = undefined;
    const e: HopEvent = { hop: this, message: packet.message, packets: 1, wireBytes: packet.wireBytes, seconds: this.finishedS };
    for (const hook of this.trace.tx) hook(e);
    this.env.timeout(this.preset.latencyS).addCallback(() => {
      for (const hook of this.trace.rx) hook(e);
      this.to.receive(packet);
    });
    if (!stillActive) this.rrc.onFlowIdle();
  }

  private loadNext(): boolean {
    const next = this.queue.shift();
    if (next === undefined) return false;
    this.head = next;
    this.headStartS = this.env.now;
    this.remainingBits = bytesToBits(next.wireBytes);
    return true;
  }
}

/**
 * An LTE cell: one eNodeB and its UEs, an uplink and a downlink shared
 * channel, and one RRC machine per UE. The eNodeB's own energy is not
 * modelled (give it an UNMETERED profile); UEs should draw `preset.power`
 * (background `idle` at `rrc.idleW`), since RRC_IDLE is their background.
 */
export class LteCell {
  /** Air-interface uplink shared by the UEs (capacity `cellUplinkBps`). */
  readonly uplinkChannel: SharedChannel;
  /** Air-interface downlink shared by the UEs (capacity `cellDownlinkBps`). */
  readonly downlinkChannel: SharedChannel;
  private readonly perUe = new Map<string, { up: LteHop; down: LteHop; rrc: RrcMachine }>();

  /** @internal Use `attachLteCell`. */
  constructor(
    env: Environment,
    readonly network: Network,
    readonly enb: NetNode,
    readonly ues: readonly NetNode[],
    readonly preset: LtePreset,
  ) {
    this.uplinkChannel = new SharedChannel(env, preset.cellUplinkBps, preset.uplinkBps, `${enb.name} uplink`);
    this.downlinkChannel = new SharedChannel(env, preset.cellDownlinkBps, preset.downlinkBps, `${enb.name} downlink`);
    for (const ue of ues) {
      if (ue === enb || ue.name === enb.name) throw new Error(netErrors.lteEnbAsUe(enb.name));
      if (this.perUe.has(ue.name)) throw new Error(netErrors.lteUeTwice(enb.name, ue.name));
      const rrc = new RrcMachine(env, network.ledger, ue, preset);
      const up = new LteHop(env, ue, enb, 'uplink', preset, this.uplinkChannel, rrc);
      const down = new LteHop(env, enb, ue, 'downlink', preset, this.downlinkChannel, rrc);
      rrc.bind(up, down);
      this.perUe.set(ue.name, { up, down, rrc });
    }
  }

  /** The uplink hop (ue→enb) of a UE. */
  uplink(ue: string): LteHop {
    return this.entry(ue).up;
  }

  /** The downlink hop (enb→ue) of a UE. */
  downlink(ue: string): LteHop {
    return this.entry(ue).down;
  }

  /** A UE's RRC state, promotions and time per state, up to now. */
  rrc(ue: string): RrcCounters {
    return this.entry(ue).rrc.counters();
  }

  /** Bring every UE's RRC energy and counters up to `atS` (clamped to now). Registered as a ledger settler. */
  settle(atS: Seconds): void {
    for (const { rrc } of this.perUe.values()) rrc.settle(atS);
  }

  private entry(ue: string): { up: LteHop; down: LteHop; rrc: RrcMachine } {
    const e = this.perUe.get(ue);
    if (e === undefined) throw new Error(netErrors.lteNoUe(this.enb.name, ue));
    return e;
  }
}

/**
 * Attach `ues` to an LTE cell served by `enb`: for each UE an uplink hop
 * (ue→enb) and a downlink hop (enb→ue) registered with the network, the UE's
 * default route over its uplink and the eNodeB's route to the UE over its
 * downlink, and a ledger settler so energy queries see RRC promotion, transfer
 * and tail energy up to the query time.
 *
 * Timing: a UE's packets wait for the RRC promotion when it is idle, then
 * share the cell as described in `SharedChannel`; each packet arrives
 * `preset.latencyS` after its last bit. The hops are not FIFO, so the network
 * runs at packet fidelity.
 */
export function attachLteCell(network: Network, enb: NetNode, ues: readonly NetNode[], preset: LtePreset): LteCell {
  const cell = new LteCell(network.env, network, enb, ues, preset);
  for (const ue of ues) {
    const up = cell.uplink(ue.name);
    const down = cell.downlink(ue.name);
    network.addHop(up);
    network.addHop(down);
    ue.setRoute('*', up);
    enb.setRoute(ue.name, down);
  }
  network.ledger.addSettler((atS) => cell.settle(atS));
  return cell;
}
