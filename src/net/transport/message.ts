import type { Environment } from '../../sim/index.js';
import type { Hop } from '../hop.js';
import type { Message } from '../message.js';
import { netErrors } from '../messages.js';
import { ackFrames } from '../link/acks.js';
import { reframe, relayMode } from '../node.js';
import { type Leg, type Train, type Wire, END, SINCE, before, knownAfter, lastEnd, newLeg, readyAt } from './message-legs.js';
import { TrainHeap, findHead, retire, serve } from './message-plan.js';
import { emitAck, emitRx, emitTx } from './message-traces.js';
import type { AckPath, Transport } from './transport.js';

export { EXACT_ACK_SPANS } from './message-traces.js';

/**
 * Message fidelity: per message and hop, one `tx` and one `rx` trace event and,
 * at the end, one delivery event, from a plan of every packet's times computed
 * outside the event queue, the way a FIFO port serves them.
 *
 * The plan: packet j of a train starts on hop h's wire at
 * max(ready_j, wire free) (+ the hop's setup before packet 0), ends one
 * transmission later and is ready at the next hop one propagation delay after
 * that (at a segmentation boundary every packet of the re-framed train is
 * ready when the last one has arrived). A wire serves the packets it is given
 * in the order they become ready — packet by packet, so messages that meet at
 * a shared port interleave exactly as packet fidelity's FIFO queue interleaves
 * them (ties in order of sending, as packet fidelity's events fall). Packets
 * of one train that no other train's packet can precede are served in one
 * tight loop, so a train alone on its path costs its closed form.
 *
 * A new message can only queue behind packets already ready, so a plan stays
 * valid up to the moment it is made: when messages are sent at time t (all
 * sends of an instant together), packets ready at or before t keep their
 * times and everything later is planned again with the new trains; trace and
 * delivery events whose times moved are rescheduled. Per-message completions
 * therefore equal packet fidelity's on FIFO paths (to rounding).
 *
 * ACKs (Message.ack): a message's ACK frames are more legs of its train, on
 * the way back: ACK k is ready at the destination's port when the packet it
 * answers has arrived, and from then on they are packets like any other —
 * queued FIFO with the reverse direction's traffic, a half-duplex wire's
 * included (its own data too: such a leg is served a packet at a time). One
 * `ack` event per hop when the last frame has crossed it, and the
 * confirmation with the last hop's; the same times as packet fidelity's.
 */
export class MessageTransport implements Transport {
  private active: Train[] = [];
  private pending: Train[] = [];
  private readonly wireOf = new Map<object, Wire>();
  private seq = 0;
  private planPending = false;

  constructor(private readonly env: Environment) {}

  start(message: Message, path: readonly Hop[], deliver: () => void, ack?: AckPath): void {
    const legs: Leg[] = [];
    let prev: Leg | null = null;
    const link = (leg: Leg) => {
      if (prev !== null) {
        prev.next = leg;
        leg.prev = prev;
      }
      legs.push(leg);
      prev = leg;
    };
    for (const hop of path) {
      if (hop.serveTrain === undefined || !hop.fifo) throw new Error(netErrors.notFifoForMessage(hop.name));
      const before = prev as Leg | null;
      const mode = before === null ? 'forward' : relayMode(before.message.train.framing, hop.framing);
      const m = before === null ? message : mode === 'forward' ? before.message : reframe(before.message, hop.framing);
      if (before !== null) before.reassembleNext = mode === 'reframe';
      link(newLeg(hop, m, this.wire(hop), m.train.wireBytes, false));
    }
    const lastData = prev as unknown as Leg;
    // the ACK frames go back as a train of their own that follows the message's arrivals at its destination
    if (ack !== undefined && message.ack !== undefined) {
      const { every, wireBytes } = message.ack;
      const frames = new Uint32Array(ackFrames(lastData.n, every)).fill(wireBytes);
      ack.path.forEach((hop, k) => {
        if (hop.serveTrain === undefined || !hop.fifo) throw new Error(netErrors.notFifoForMessage(hop.name));
        const leg = newLeg(hop, lastData.message, this.wire(hop), frames, true);
        if (k === 0) leg.ackEvery = every;
        for (const other of legs) {
          if (other.wire !== leg.wire) continue;
          other.sharesWire = true;
          leg.sharesWire = true;
        }
        link(leg);
      });
    }
    (legs[0] as Leg).sentS = this.env.now;
    this.pending.push({
      seq: this.seq++,
      legs,
      deliver,
      lastData,
      confirm: ack?.confirm ?? null,
      headLeg: null,
      headS: Infinity,
      headE: Infinity,
      headSt: Infinity,
    });
    if (this.planPending) return;
    this.planPending = true;
    // every message sent at this instant joins one plan
    this.env.timeout(0).addCallback(() => {
      this.planPending = false;
      this.plan();
    });
  }

  private wire(hop: Hop): Wire {
    let w = this.wireOf.get(hop.wire);
    if (w === undefined) this.wireOf.set(hop.wire, (w = { committedS: -Infinity, freeS: -Infinity, busySinceS: -Infinity, runHop: null }));
    return w;
  }

  /** Plan again from now: keep what was ready by now, add the new trains, serve the rest packet by packet. */
  private plan(): void {
    const now = this.env.now;
    // 1. Fix what was ready by now; retire trains that are entirely fixed.
    const kept: Train[] = [];
    for (const t of this.active) {
      let all = true;
      for (const leg of t.legs) {
        let k = leg.fixed;
        while (k < leg.known && readyAt(leg, k) <= now) k++;
        leg.fixed = k;
        if (k < leg.n) all = false;
      }
      if (all) retire(t);
      else kept.push(t);
    }
    for (const w of this.wireOf.values()) {
      w.freeS = w.committedS;
      w.busySinceS = w.committedS;
      w.runHop = null;
    }
    for (const t of kept) {
      for (const leg of t.legs) {
        const k = leg.fixed;
        if (k > 0 && (leg.times[3 * (k - 1) + END] as number) > leg.wire.freeS) {
          leg.wire.freeS = leg.times[3 * (k - 1) + END] as number;
          leg.wire.busySinceS = leg.times[3 * (k - 1) + SINCE] as number;
          leg.wire.runHop = leg.hop;
        }
      }
    }
    // 2. What each kept train knows: ready times that follow from packets fixed upstream.
    for (const t of kept) {
      (t.legs[0] as Leg).known = (t.legs[0] as Leg).n;
      for (const leg of t.legs) {
        leg.served = leg.fixed;
        const next = leg.next;
        if (next === null) continue;
        next.known = knownAfter(next, leg.fixed);
      }
    }
    // the new trains' per-packet times: views of one buffer (external memory, not copied by the young-generation GC)
    let total = 0;
    for (const t of this.pending) for (const leg of t.legs) total += 3 * leg.n;
    const buffer = new Float64Array(total);
    let at = 0;
    for (const t of this.pending) {
      (t.legs[0] as Leg).known = (t.legs[0] as Leg).n;
      for (const leg of t.legs) {
        leg.times = buffer.subarray(at, (at += 3 * leg.n));
      }
    }
    this.active = kept.length === 0 ? this.pending : kept.concat(this.pending);
    this.pending = [];
    // 3. Serve, in order of readiness; a train runs ahead as far as no other train can get in its way.
    const heap = new TrainHeap();
    for (const t of this.active) {
      findHead(t);
      if (t.headLeg !== null) heap.push(t);
    }
    while (heap.size > 0) {
      const t = heap.top();
      const bound = heap.second();
      for (;;) {
        const leg = t.headLeg;
        if (leg === null || !before(t.headS, t.headE, t.headSt, t.seq, bound.headS, bound.headE, bound.headSt, bound.seq)) break;
        serve(leg, t.seq, bound);
        findHead(t);
      }
      heap.update();
    }
    // 4. Schedule the events whose times moved.
    for (const t of this.active) this.schedule(t);
  }

  /** (Re)schedule train t's trace events and delivery where the plan moved them. */
  private schedule(t: Train): void {
    const now = this.env.now;
    const last = t.lastData;
    const lastAck = t.legs[t.legs.length - 1] as Leg;
    for (const leg of t.legs) {
      const txAt = lastEnd(leg);
      const rxAt = txAt + leg.latencyS;
      if (leg.ack) {
        // ACK frames: one `ack` event when the last one has crossed the hop; the last hop's confirms the message
        if (rxAt !== leg.rxAtS) {
          leg.rxAtS = rxAt;
          const v = ++leg.rxVersion;
          this.env.timeout(rxAt - now).addCallback(() => {
            if (leg.rxVersion !== v) return;
            emitAck(leg);
            if (leg === lastAck) t.confirm?.();
          });
        }
        continue;
      }
      if (txAt !== leg.txAtS) {
        leg.txAtS = txAt;
        const v = ++leg.txVersion;
        this.env.timeout(txAt - now).addCallback(() => {
          if (leg.txVersion === v) emitTx(leg);
        });
      }
      if (rxAt !== leg.rxAtS) {
        leg.rxAtS = rxAt;
        const v = ++leg.rxVersion;
        this.env.timeout(rxAt - now).addCallback(() => {
          if (leg.rxVersion !== v) return;
          emitRx(leg);
          if (leg === last) t.deliver();
        });
      }
    }
  }
}
