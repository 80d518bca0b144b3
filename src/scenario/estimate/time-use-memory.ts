import { EXACT_ACK_SPANS } from '../../net/transport/message.js';
import type { Scenario, SchemeConfig } from '../schema.js';
import { ackFrames } from '../../net/link/acks.js';
import type { MemoryItem } from './memory.js';
import { ackEvery, hopsOf, isPacketFidelity, packetsPerMessage, scenarioLinks } from './packet-memory.js';
import { traffic } from './traffic.js';
import { modelDim } from './workload-size.js';

/**
 * Bytes per time-use interval kept: a start and an end in Float64Arrays
 * (16 B), which grow by doubling (up to 2×), and up to as many pending a merge.
 */
export const BYTES_PER_INTERVAL = 64;

/**
 * The time-use intervals a scheme's run keeps to its end (`src/net/time-use.ts`:
 * per node and state, overlapping and touching ones merged): per iteration, a
 * compute on every node; per message, a transmit and a receive at each hop and
 * one wait, and where its path goes from a slower link to a faster one (the
 * faster one idles between the packets the slower delivers) one pair per packet
 * more at each such step — at every hop on a shared medium, whose frames are
 * apart — except at flow fidelity, where a message is one flow;
 * per transport ACK frame, a transmit and a receive at each hop (ACKs of every
 * `every` packets do not touch; at message fidelity a train of more than
 * EXACT_ACK_SPANS is one interval, at flow fidelity one ACK a message), but for
 * symmetric exchanges only the last ACK of a message counts.
 * An upper bound, and at most 2 × hops + 1 times what a run keeps: the run
 * merges what overlaps on one node and state, but each message keeps its
 * sender's transmit apart (a round's messages leave from different nodes, a
 * node's next message waits for its input). That argument holds for every
 * topology the builders route (`src/net/topology/`): a switch's and a star's 2
 * hops (3 from behind a shared medium's gateway), a tree's 4, a ring's 1 to
 * ⌊P/2⌋. Measured 1.7–4.9× above what runs keep on the five cases
 * `test/scenario/estimate/time-use-memory.test.ts` holds (parameter server on a
 * star, over TCP and over LTE; ring all-reduce on a tree; all-gather and gTop-k
 * on a switch; none on a ring), the most where concurrent senders fill the gaps
 * the rate steps would leave.
 */
export function timeUseIntervals(s: Scenario, scheme: SchemeConfig): { intervals: number; formula: string } {
  const d = modelDim(s.model);
  const P = s.workers.count;
  const { workers, server } = scenarioLinks(s);
  const links = [...workers, server];
  // a decentralized scheme's messages cross worker links only, except in a tree (whose edge uplinks are the server link)
  const crossed = scheme.kind === 'parameter-server' || s.network.topology === 'tree' ? [...workers, server] : workers;
  const flow = s.network.fidelity === 'flow'; // auto picks packet or message, never flow
  const hops = hopsOf(s, scheme);
  // a shared medium's frames are apart (backoffs, scheduling): each its own interval at every hop
  const shared = !flow && links.some((l) => l.medium === 'shared');
  const steps = flow ? 0 : shared ? hops : Math.min(hops - 1, new Set(crossed.map((l) => l.bandwidthBps)).size - 1);
  const every = ackEvery(s);
  // every worker sends and receives alike at once (ring, all-gather, gTop-k's pairs over equal links): the ACKs a node
  // sends fall within its own transmission and those it receives within its reception, but for the last
  const symmetric = scheme.kind !== 'parameter-server' && new Set(workers.map((l) => l.bandwidthBps)).size === 1;
  let perIteration = P + 1;
  for (const { messages, bytes } of traffic(scheme, d, P)) {
    const packets = packetsPerMessage(s, bytes);
    let acks = ackFrames(packets, every);
    if (acks > 0 && (flow || symmetric || (acks > EXACT_ACK_SPANS && !isPacketFidelity(s)))) acks = 1;
    perIteration += messages * (2 * hops + 1 + 2 * steps * packets + 2 * hops * acks);
  }
  const apart = shared ? `2 × ${steps} hop${steps > 1 ? 's' : ''} × packets (frames on a shared medium)` : `2 × ${steps} rate step${steps > 1 ? 's' : ''} × packets`;
  const terms = ['2 × hops + 1', ...(steps > 0 ? [apart] : []), ...(Number.isFinite(every) ? ['2 × hops × ACK frames'] : [])];
  return {
    intervals: s.training.iterations * perIteration,
    formula: `iterations × (P + 1 + messages × (${terms.join(' + ')})), ${hops} hop${hops > 1 ? 's' : ''}`,
  };
}

/**
 * The memory item of the time-use intervals a scheme's run keeps: 16 B each in
 * typed arrays that grow by doubling, and as many again at most waiting to be
 * merged (`IntervalSet`), 64 B per interval; outside V8's heap.
 */
export function timeUseItem(s: Scenario, scheme: SchemeConfig): MemoryItem {
  const { intervals, formula } = timeUseIntervals(s, scheme);
  return {
    what: `${scheme.name}: time use kept to the end (${intervals.toExponential(2)} intervals)`,
    bytes: intervals * BYTES_PER_INTERVAL,
    formula: `${formula} × ${BYTES_PER_INTERVAL} B`,
    change: 'training.iterations',
  };
}
