import type { Environment } from '../sim/index.js';
import type { TraceCompute, TraceDeliver, TraceDrop, TraceTransfer } from '../results/index.js';
import type { HopEvent } from '../net/index.js';
import type { buildNetwork } from './build-network.js';

/** Subscribe a trace buffer to every hop, to compute charges and to deliveries: one JSON line per event (a trace.ndjson record), in event order. */
export function recordTrace(lines: string[], scheme: string, env: Environment, network: ReturnType<typeof buildNetwork>['network']): void {
  for (const hop of network.hops) {
    // a packet train on this hop; an ACK's resend is not flagged (ACK records count frames only)
    const transfer =
      (event: TraceTransfer['event']) =>
      (e: HopEvent): void => {
        lines.push(
          JSON.stringify({
            scheme,
            t: env.now,
            event,
            link: hop.name,
            message: e.message.id,
            label: e.message.label,
            packets: e.packets,
            wire_bytes: e.wireBytes,
            seconds: e.seconds,
            ...(event !== 'ack' && e.retransmission ? { retransmission: true } : {}),
          } satisfies TraceTransfer),
        );
      };
    hop.trace.tx.push(transfer('tx'));
    hop.trace.rx.push(transfer('rx'));
    // transport ACK frames (a link's `ack`) crossing this hop back towards the message's sender
    hop.trace.ack.push(transfer('ack'));
    hop.trace.drop.push((e) =>
      lines.push(JSON.stringify({ scheme, t: env.now, event: 'drop', link: hop.name, message: e.message.id, label: e.message.label, packets: e.packets, reason: e.reason } satisfies TraceDrop)),
    );
  }
  network.ledger.computeTrace.push((node, seconds, watts) => lines.push(JSON.stringify({ scheme, t: env.now, event: 'compute', node, seconds, watts } satisfies TraceCompute)));
  // a message delivered: in flight on its sender's row from its send until now
  for (const node of network.allNodes) {
    node.trace.delivered.push(({ message: m }) =>
      lines.push(JSON.stringify({ scheme, t: env.now, event: 'deliver', node: m.src, dst: m.dst, message: m.id, label: m.label, seconds: env.now - m.sentAtS } satisfies TraceDeliver)),
    );
  }
}

/** trace.ndjson's text: one line per record (empty without a record). */
export function traceText(lines: readonly string[]): string {
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
