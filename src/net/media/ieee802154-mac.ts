import type { Environment, RandomStream } from '../../sim/index.js';
import { Fifo } from '../../sim/fifo.js';
import type { Hop, HopEvent } from '../hop.js';
import type { Packet } from '../message.js';
import type { NetNode } from '../node.js';
import type { Ieee802154Preset } from '../presets/ieee802154.js';
import { type Bytes, type Seconds, txTimeS } from '../units.js';
import type { Ieee802154Channel, Transmission } from './ieee802154-channel.js';
import type { FrameOutcome, Ieee802154Counters } from './ieee802154-counters.js';
import { ieee802154Messages as msg } from './ieee802154-messages.js';
import type { RadioMeter } from './ieee802154-meter.js';
import type { Ieee802154SinrReception } from './ieee802154-reception.js';
import type { Ieee802154Timing } from './ieee802154-timing.js';

/** What a node's MAC needs from its medium. */
export interface MacContext {
  readonly env: Environment;
  readonly preset: Ieee802154Preset;
  readonly timing: Ieee802154Timing;
  readonly channel: Ieee802154Channel;
  /** Signal-to-interference reception ('sinr'), or null: every overlap destroys ('collision'). */
  readonly reception: Ieee802154SinrReception | null;
  /** The MAC of another node on the channel. */
  mac(node: string): NodeMac;
  /** Add to a counter of `node` and to the total. */
  count(node: string, key: keyof Ieee802154Counters): void;
  /** Report a frame's outcome. */
  outcome(o: FrameOutcome): void;
  nextFrameId(): number;
}

/** A frame in a MAC queue: one packet on one hop, with its attempt counters. */
export interface MacFrame {
  /** Identifies the frame across retransmissions (plays the role of the data sequence number). */
  readonly id: number;
  readonly packet: Packet;
  readonly hop: Hop;
  readonly enqueuedS: Seconds;
  readonly mpduBytes: Bytes;
  readonly airS: Seconds;
  transmissions: number;
  retries: number;
  resubmissions: number;
  busyCcas: number;
}

/**
 * The IEEE 802.15.4 MAC of one node: a FIFO transmit queue served one frame at
 * a time with unslotted CSMA-CA, Imm-Ack and retransmissions; and the receive
 * side, which acknowledges intact data frames addressed to the node.
 *
 * Sender, per frame (IEEE 802.15.4-2015 §6.2.5.1, §6.7.4; 2006 §7.5.1.4, §7.5.6.4):
 * wait out the IFS of the previous exchange; NB = 0, BE = macMinBE; back off
 * random(0..2^BE − 1) unit backoff periods; CCA for aCcaTime; busy → NB++,
 * BE = min(BE + 1, macMaxBE), channel-access failure once NB > macMaxCSMABackoffs;
 * idle → RX→TX turnaround, then the PPDU. The receiver acknowledges an intact
 * frame aTurnaroundTime after its last symbol; without an ACK within
 * macAckWaitDuration of the frame's end the sender retries (CSMA-CA afresh),
 * at most macMaxFrameRetries times. After an acknowledged frame the next one
 * waits a SIFS (MPDU ≤ aMaxSIFSFrameSize) or LIFS from the end of the ACK.
 */
export class NodeMac {
  private readonly queue = new Fifo<MacFrame>();
  private current: MacFrame | undefined;
  private ifsUntilS = 0;
  private nb = 0;
  private be = 0;
  /** Last frame id received intact from each sender (duplicate rejection). */
  private readonly lastFrom = new Map<string, number>();

  constructor(
    private readonly ctx: MacContext,
    readonly node: NetNode,
    /** Backoff draws: `network.stream('ieee802154/<node>')`. */
    private readonly backoffRng: RandomStream,
    /** Data-frame error draws for frames this node sends (null when the error rate is 0). */
    readonly lossRng: RandomStream | null,
    readonly meter: RadioMeter,
    /** Per-chunk reception draws for frames arriving at this node ('sinr' reception; null otherwise). */
    private readonly rxRng: RandomStream | null = null,
  ) {}

  get name(): string {
    return this.node.name;
  }

  /** Frames waiting behind the one being served. */
  get queueLength(): number {
    return this.queue.length;
  }

  /** Hand a packet to the MAC for transmission over `hop` (whose sender is this node). */
  enqueue(packet: Packet, hop: Hop): void {
    const { env, preset, timing } = this.ctx;
    const mpduBytes = packet.wireBytes - timing.phyOverheadBytes;
    if (mpduBytes > preset.phy.aMaxPHYPacketSizeBytes) throw new Error(msg.frameTooLong(hop.name, mpduBytes, preset.phy.aMaxPHYPacketSizeBytes));
    const frame: MacFrame = {
      id: this.ctx.nextFrameId(),
      packet,
      hop,
      enqueuedS: env.now,
      mpduBytes,
      airS: txTimeS(packet.wireBytes, preset.bandwidthBps),
      transmissions: 0,
      retries: 0,
      resubmissions: 0,
      busyCcas: 0,
    };
    this.ctx.count(this.name, 'frames');
    const cap = preset.queue.capacityPackets;
    if (cap !== null && this.current !== undefined && this.queue.length >= cap) {
      this.drop(frame, 'queue-full', msg.dropQueueFull(cap));
      return;
    }
    this.queue.push(frame);
    if (this.current === undefined) {
      this.meter.listenBegin();
      this.serveNext();
    }
  }

  /** Serve the next queued frame, or go quiet. */
  private serveNext(): void {
    const frame = this.queue.shift();
    this.current = frame;
    if (frame === undefined) {
      this.meter.listenEnd();
      return;
    }
    this.at(this.ifsUntilS, () => this.startCsma());
  }

  private startCsma(): void {
    this.nb = 0;
    this.be = this.ctx.preset.mac.macMinBE;
    this.backoff();
  }

  /** Back off, then assess the channel for aCcaTime. */
  private backoff(): void {
    const { env, timing } = this.ctx;
    const periods = this.backoffRng.int(2 ** this.be);
    env.timeout(periods * timing.unitBackoffS + timing.ccaS).addCallback(() => this.ccaDone());
  }

  private ccaDone(): void {
    const { env, timing, channel, preset, reception } = this.ctx;
    const frame = this.current as MacFrame;
    const fromS = env.now - timing.ccaS;
    const idle = reception?.energyCca ? reception.clear(this.name, fromS, env.now) : channel.clear(this.name, fromS, env.now);
    if (idle) {
      this.transmit(frame);
      return;
    }
    frame.busyCcas++;
    this.ctx.count(this.name, 'busyCcas');
    this.nb++;
    this.be = Math.min(this.be + 1, preset.mac.macMaxBE);
    if (this.nb > preset.mac.macMaxCSMABackoffs) {
      this.ctx.count(this.name, 'channelAccessFailures');
      this.fail(frame, 'channel-access-failure', msg.dropChannelAccess(this.nb, preset.mac.macMaxCSMABackoffs));
      return;
    }
    this.backoff();
  }

  /** Channel idle: turn the radio around and send the PPDU; the receiver judges it when its last symbol arrives. */
  private transmit(frame: MacFrame): void {
    const { env, timing, channel } = this.ctx;
    const startS = env.now + timing.turnaroundS;
    const endS = startS + frame.airS;
    const retransmission = frame.transmissions > 0;
    frame.transmissions++;
    this.ctx.count(this.name, 'transmissions');
    const receiver = this.ctx.mac(frame.hop.to.name);
    const tx = channel.transmit(this.name, receiver.name, 'data', startS, endS, env.now, endS + timing.turnaroundS);
    this.at(startS, () => this.meter.txBegin());
    this.at(startS + timing.propagationS, () => receiver.meter.rxBegin(tx.id));
    this.at(endS, () => {
      this.meter.txEnd();
      const e: HopEvent = { hop: frame.hop, message: frame.packet.message, packets: 1, wireBytes: frame.packet.wireBytes, seconds: frame.airS, retransmission };
      for (const hook of frame.hop.trace.tx) hook(e);
    });
    this.at(endS + timing.propagationS, () => receiver.dataArrived(frame, tx, this));
  }

  /**
   * @internal Receive side: the last symbol of a data frame addressed to this node has
   * arrived. Intact (by the preset's reception model: 'sinr', locked onto and
   * decoded at its SINR; 'collision', no overlap and the radio listening; then
   * no error at the preset's packet error rate) → deliver it
   * (unless it is a retransmission already delivered) and acknowledge it
   * aTurnaroundTime later, without CSMA-CA; otherwise the sender times out.
   */
  dataArrived(frame: MacFrame, tx: Transmission, sender: NodeMac): void {
    const { env, timing, channel, preset, reception } = this.ctx;
    const l = timing.propagationS;
    let lost: keyof Ieee802154Counters | undefined;
    if (reception !== null) {
      const verdict = reception.judge(this.name, tx, this.rxRng as RandomStream);
      if (!verdict.ok) lost = verdict.cause;
      else if (verdict.captured) this.ctx.count(sender.name, 'captures');
    } else if (tx.overlapped) lost = 'collisions';
    else if (channel.radioBusyDuring(this.name, tx.startS + l, tx.endS + l)) lost = 'receiverBusy';
    if (lost === undefined && sender.lossRng !== null && sender.lossRng.uniform() < preset.arq.packetErrorRate) lost = 'frameErrors';
    this.meter.rxEnd(tx.id);
    if (lost !== undefined) {
      this.ctx.count(sender.name, lost);
      sender.awaitAckTimeout(frame, tx);
      return;
    }
    const e: HopEvent = {
      hop: frame.hop,
      message: frame.packet.message,
      packets: 1,
      wireBytes: frame.packet.wireBytes,
      seconds: frame.airS,
      retransmission: frame.transmissions > 1,
    };
    for (const hook of frame.hop.trace.rx) hook(e);
    const ackStartS = env.now + timing.turnaroundS;
    const ackEndS = ackStartS + timing.ackAirS;
    const ack = channel.transmit(this.name, sender.name, 'ack', ackStartS, ackEndS, env.now, ackEndS + timing.turnaroundS);
    this.meter.listenBegin();
    this.at(ackStartS, () => {
      this.meter.listenEnd();
      this.meter.txBegin();
    });
    this.at(ackEndS, () => this.meter.txEnd());
    this.at(ackStartS + l, () => sender.meter.rxBegin(ack.id));
    this.at(ackEndS + l, () => sender.ackArrived(frame, tx, ack));
    const duplicate = this.lastFrom.get(sender.name) === frame.id;
    this.lastFrom.set(sender.name, frame.id);
    if (duplicate) this.ctx.count(sender.name, 'duplicates');
    else this.node.receive(frame.packet);
  }

  /** The ACK's last symbol has arrived here: intact → success; otherwise wait out macAckWaitDuration. */
  private ackArrived(frame: MacFrame, tx: Transmission, ack: Transmission): void {
    const l = this.ctx.timing.propagationS;
    const reception = this.ctx.reception;
    let lost: 'ackCollisions' | 'ackWeakSignal' | undefined;
    if (reception !== null) {
      const verdict = reception.judge(this.name, ack, this.rxRng as RandomStream);
      if (!verdict.ok) lost = verdict.cause === 'weakSignal' ? 'ackWeakSignal' : 'ackCollisions';
      else if (verdict.captured) this.ctx.count(this.name, 'ackCaptures');
    } else if (ack.overlapped || this.ctx.channel.radioBusyDuring(this.name, ack.startS + l, ack.endS + l)) lost = 'ackCollisions';
    this.meter.rxEnd(ack.id);
    if (lost !== undefined) {
      this.ctx.count(this.name, lost);
      this.awaitAckTimeout(frame, tx);
      return;
    }
    this.succeed(frame);
  }

  /** No ACK is coming for `tx`: act when macAckWaitDuration after its end has passed. */
  private awaitAckTimeout(frame: MacFrame, tx: Transmission): void {
    this.at(tx.endS + this.ctx.timing.ackWaitS, () => this.noAck(frame));
  }

  private noAck(frame: MacFrame): void {
    const max = this.ctx.preset.mac.macMaxFrameRetries;
    if (frame.retries < max) {
      frame.retries++;
      this.ctx.count(this.name, 'retries');
      this.startCsma();
      return;
    }
    this.ctx.count(this.name, 'noAckFailures');
    this.fail(frame, 'no-ack', msg.dropNoAck(frame.transmissions, max));
  }

  private succeed(frame: MacFrame): void {
    const { env, timing, preset } = this.ctx;
    this.ctx.count(this.name, 'acked');
    this.ifsUntilS = env.now + (frame.mpduBytes <= preset.mac.aMaxSIFSFrameSizeBytes ? timing.sifsS : timing.lifsS);
    this.ctx.outcome(this.record(frame, 'acked'));
    this.serveNext();
  }

  /** The MAC gave up on the frame: the layer above resubmits it (mac.upperLayerRetries) or it is dropped. */
  private fail(frame: MacFrame, cause: 'channel-access-failure' | 'no-ack', reason: string): void {
    if (frame.resubmissions < this.ctx.preset.mac.upperLayerRetries) {
      frame.resubmissions++;
      frame.retries = 0;
      this.ctx.count(this.name, 'resubmissions');
      this.startCsma();
      return;
    }
    this.drop(frame, cause, reason);
    this.serveNext();
  }

  private drop(frame: MacFrame, cause: 'channel-access-failure' | 'no-ack' | 'queue-full', reason: string): void {
    this.ctx.count(this.name, 'drops');
    const e = { hop: frame.hop, message: frame.packet.message, packets: 1, wireBytes: frame.packet.wireBytes, seconds: 0, reason };
    for (const hook of frame.hop.trace.drop) hook(e);
    this.ctx.outcome(this.record(frame, 'dropped', cause, reason));
  }

  /**
   * The frame's outcome, built as one literal per status: a spread of a
   * record plus a status would give every outcome a hidden class of its own
   * in V8 (garbage in the old generation at one per frame).
   */
  private record(frame: MacFrame, status: 'acked'): FrameOutcome;
  private record(frame: MacFrame, status: 'dropped', cause: 'channel-access-failure' | 'no-ack' | 'queue-full', reason: string): FrameOutcome;
  private record(frame: MacFrame, status: 'acked' | 'dropped', cause?: 'channel-access-failure' | 'no-ack' | 'queue-full', reason?: string): FrameOutcome {
    const from = this.name,
      to = frame.hop.to.name,
      message = frame.packet.message,
      index = frame.packet.index;
    const enqueuedS = frame.enqueuedS,
      doneS = this.ctx.env.now,
      transmissions = frame.transmissions,
      busyCcas = frame.busyCcas;
    if (status === 'acked') return { from, to, message, index, enqueuedS, doneS, transmissions, busyCcas, status };
    return { from, to, message, index, enqueuedS, doneS, transmissions, busyCcas, status, cause: cause!, reason: reason! };
  }

  /** Run `fn` at absolute time `atS` (now, if that has passed). */
  private at(atS: Seconds, fn: () => void): void {
    const delay = atS - this.ctx.env.now;
    if (delay <= 0) fn();
    else this.ctx.env.timeout(delay).addCallback(fn);
  }
}
