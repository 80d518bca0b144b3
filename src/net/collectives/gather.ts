import type { ProcessGenerator } from '../../sim/index.js';
import type { Network } from '../network.js';
import type { NetNode } from '../node.js';
import type { Seconds } from '../units.js';
import { checkBodies, checkParticipants, runCollective } from './run.js';
import { broadcastAlong } from './tree.js';
import type { CollectiveOptions, CollectiveReport, SizeOf } from './types.js';

/** What a gather returns: the bodies as the server received them. */
export interface GatherReport<B> extends CollectiveReport {
  /** `received[i]` is worker i's body. */
  readonly received: readonly B[];
  /** `arrivedAtS[i]`: when worker i's body had fully arrived at the server (s). */
  readonly arrivedAtS: readonly Seconds[];
}

/** What a broadcast returns: the body each worker received. */
export interface BroadcastReport<B> extends CollectiveReport {
  /** `received[i]` is the body as worker i received it (the same object for all). */
  readonly received: readonly B[];
  /** `arrivedAtS[i]`: when the body had fully arrived at worker i (s). */
  readonly arrivedAtS: readonly Seconds[];
}

/**
 * Gather to the server: every worker sends its body to the server at once
 * (one message each, labelled `<tag>/gather/<worker>`); the process ends when
 * the server has received all of them. On a star the server's link is the
 * FIFO bottleneck. Start it with `env.process(gather(...))`; its value is the
 * report. Participants and bodies are checked when called.
 */
export function gather<B>(network: Network, server: NetNode, workers: readonly NetNode[], bodies: readonly B[], size: SizeOf<B>, options: CollectiveOptions = {}): ProcessGenerator<GatherReport<B>> {
  checkParticipants('gather', [server, ...workers]);
  checkBodies('gather', bodies, workers);
  return runCollective(network, 'gather', options, function* (run) {
    workers.forEach((w, i) => {
      const body = bodies[i] as B;
      run.send(w, server, `gather/${w.name}`, body, size.bytes(body));
    });
    const received: B[] = [];
    const arrivedAtS: Seconds[] = [];
    const parts = workers.map((w, i) =>
      (function* () {
        const d = yield* run.recv<B>(server, `gather/${w.name}`);
        received[i] = d.message.body;
        arrivedAtS[i] = d.deliveredAtS;
      })(),
    );
    yield* run.all(
      parts,
      workers.map((w) => w.name),
    );
    const doneAtS = new Map<string, Seconds>(workers.map((w, i) => [w.name, arrivedAtS[i] as Seconds]));
    doneAtS.set(server.name, run.env.now);
    return { ...run.report(doneAtS), received, arrivedAtS };
  });
}

/**
 * Broadcast from the server: a tree broadcast over the star whose root is the
 * server and whose leaves are the workers — one unicast message per worker
 * (labelled `<tag>/down/<worker>`), queued on the server's link in worker
 * order; the network has no multicast. The process ends when every worker
 * has the body. Receivers share the one body object and must not mutate it.
 */
export function broadcast<B>(network: Network, server: NetNode, workers: readonly NetNode[], body: B, size: SizeOf<B>, options: CollectiveOptions = {}): ProcessGenerator<BroadcastReport<B>> {
  checkParticipants('broadcast', [server, ...workers]);
  const star = broadcastAlong('broadcast', network, { root: server, children: new Map([[server.name, workers]]) }, body, size, options);
  return (function* () {
    const r = yield* star;
    return { ...r, received: workers.map((w) => r.received.get(w.name) as B), arrivedAtS: workers.map((w) => r.arrivedAtS.get(w.name) as Seconds) };
  })();
}
