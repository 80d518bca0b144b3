import { type Environment, type Process, type ProcessGenerator, wait } from '../../sim/index.js';
import type { Delivery, Message } from '../message.js';
import type { Network } from '../network.js';
import type { NetNode } from '../node.js';
import { TrafficStats } from '../traffic.js';
import type { Bytes, Seconds } from '../units.js';
import { collectiveErrors } from './messages.js';
import type { CollectiveOptions, CollectiveReport } from './types.js';

/** Per-network bookkeeping: a call counter for default tags, and the tags in use. */
interface Registry {
  next: number;
  readonly active: Set<string>;
}
const registries = new WeakMap<Network, Registry>();

type Gen<R> = ProcessGenerator<R>;

/**
 * @internal One call of a collective: owns its tag, sends and receives by
 * exact label (`<tag>/<part>`), and meters its own messages with a
 * `TrafficStats` subscribed to every hop for the duration of the call.
 * Filtering by message id rather than taking `TrafficStats.since()` of the
 * network's counters keeps concurrent traffic (another collective, background
 * flows) out of the report.
 */
export class CollectiveRun {
  readonly env: Environment;
  readonly tag: string;
  readonly startS: Seconds;
  private readonly ids = new Set<number>();
  private readonly traffic = new TrafficStats((e) => this.ids.has(e.message.id));
  private readonly payload = new Map<string, Bytes>();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly registry: Registry;
  private finished = false;

  constructor(
    readonly network: Network,
    readonly collective: string,
    options: CollectiveOptions,
  ) {
    this.env = network.env;
    let registry = registries.get(network);
    if (registry === undefined) registries.set(network, (registry = { next: 0, active: new Set() }));
    this.registry = registry;
    const n = registry.next++;
    this.tag = options.tag ?? `${collective}#${n}`;
    if (registry.active.has(this.tag)) throw new Error(collectiveErrors.tagInUse(this.tag));
    registry.active.add(this.tag);
    this.startS = this.env.now;
    for (const hop of network.hops) this.unsubscribe.push(this.traffic.watch(hop));
  }

  /** The full label of one part of this call. */
  label(part: string): string {
    return `${this.tag}/${part}`;
  }

  /** Send `body` (`bytes` of payload) from `src` to `dst`, labelled `<tag>/<part>`. */
  send<B>(src: NetNode, dst: NetNode, part: string, body: B, bytes: Bytes): Message<B> {
    const message = this.network.send(src.name, dst.name, bytes, this.label(part), body);
    this.ids.add(message.id);
    this.payload.set(src.name, (this.payload.get(src.name) ?? 0) + bytes);
    return message;
  }

  /** Wait at `at` for the message labelled `<tag>/<part>`; other deliveries stay in the inbox. */
  *recv<B>(at: NetNode, part: string): Gen<Delivery<B>> {
    const label = this.label(part);
    const delivery = yield* wait(at.inbox.get((d) => d.message.label === label));
    return delivery as Delivery<B>;
  }

  /** Start a sub-process (one participant's part) named after this call. */
  spawn<R>(generator: ProcessGenerator<R>, name: string): Process<R> {
    return this.env.process(generator, `${this.tag}:${name}`);
  }

  /** Run one generator per participant and wait for all of them; their return values in order. */
  *all<R>(generators: readonly ProcessGenerator<R>[], names: readonly string[]): Gen<R[]> {
    const processes = generators.map((g, i) => this.spawn(g, names[i] ?? String(i)));
    // The first failure fails the all-of and so this call's process; later
    // failures of other participants are the same fault and must not stop the run.
    for (const p of processes)
      p.addCallback((e) => {
        if (!e.isOk) e.defused = true;
      });
    return (yield this.env.allOf(processes)) as R[];
  }

  /** Stop metering and release the tag. Idempotent. */
  close(): void {
    if (this.finished) return;
    this.finished = true;
    for (const u of this.unsubscribe) u();
    this.registry.active.delete(this.tag);
  }

  /** Close, and the report of this call, ending now. */
  report(doneAtS: ReadonlyMap<string, Seconds>): CollectiveReport {
    this.close();
    const endS = this.env.now;
    return {
      collective: this.collective,
      tag: this.tag,
      startS: this.startS,
      endS,
      durationS: endS - this.startS,
      doneAtS,
      byNode: this.traffic.byNode,
      byLink: this.traffic.byHop,
      payloadBytesByNode: this.payload,
      messages: this.ids.size,
    };
  }
}

/**
 * @internal Drive a collective's body with a fresh `CollectiveRun`, releasing
 * its tag and trace subscriptions even when the body throws.
 */
export function* runCollective<R>(network: Network, collective: string, options: CollectiveOptions, body: (run: CollectiveRun) => Gen<R>): Gen<R> {
  const run = new CollectiveRun(network, collective, options);
  try {
    return yield* body(run);
  } finally {
    run.close();
  }
}

/** @internal Check the participants: at least one, each once. */
export function checkParticipants(collective: string, nodes: readonly NetNode[]): void {
  if (nodes.length === 0) throw new Error(collectiveErrors.noParticipants(collective));
  const seen = new Set<string>();
  for (const n of nodes) {
    if (seen.has(n.name)) throw new Error(collectiveErrors.duplicateNode(collective, n.name));
    seen.add(n.name);
  }
}

/** @internal Check one body per participant. */
export function checkBodies(collective: string, bodies: readonly unknown[], nodes: readonly NetNode[]): void {
  if (bodies.length !== nodes.length) throw new Error(collectiveErrors.bodyCount(collective, bodies.length, nodes.length));
}
