import FastPriorityQueue from 'fastpriorityqueue';
import { Environment, RandomStream, Store, Resource, type SimEvent } from '../sim/index.js';
import { emit, timeMedian } from './harness.js';

const EVENT_UNIT = 'one event = one item taken from the event queue';
const TIMEOUTS_TOTAL = 2_000_000;

/** Case `timeouts`: N processes each looping `yield timeout(Exp(1))` until `total` timeouts fired. */
export function timeoutsCase(n: number, total: number): number {
  const env = new Environment();
  const rng = new RandomStream(1, 0, 'bench/timeouts');
  const done = env.event<void>('done');
  let fired = 0;
  function* loop(): Generator<SimEvent<any>, void, any> {
    for (;;) {
      yield env.timeout(rng.exponential(1));
      if (++fired === total) done.succeed();
    }
  }
  for (let i = 0; i < n; i++) env.process(loop());
  env.run(done);
  return env.eventsProcessed;
}

/** Case `raw-heap-hold`: the hold model on a bare fastpriorityqueue (pop the minimum, push it back at time + Exp(1)). */
export function rawHeapHold(n: number, total: number): number {
  const rng = new RandomStream(1, 0, 'bench/timeouts');
  const heap = new FastPriorityQueue<{ time: number }>((a, b) => a.time < b.time);
  for (let i = 0; i < n; i++) heap.add({ time: rng.exponential(1) });
  for (let i = 0; i < total; i++) {
    const item = heap.poll() as { time: number };
    item.time += rng.exponential(1);
    heap.add(item);
  }
  return total;
}

/** Case `pingpong`: two processes exchanging one message through a Store, `trips` round trips. */
export function pingpongCase(trips: number): number {
  const env = new Environment();
  const ping = new Store<number>(env, Infinity, 'ping');
  const pong = new Store<number>(env, Infinity, 'pong');
  env.process(
    (function* (): Generator<SimEvent<any>, void, any> {
      for (let i = 0; i < trips; i++) {
        yield ping.put(i);
        yield pong.get();
      }
    })(),
  );
  env.process(
    (function* (): Generator<SimEvent<any>, void, any> {
      for (let i = 0; i < trips; i++) {
        const m: number = yield ping.get();
        yield pong.put(m);
      }
    })(),
  );
  env.run();
  return env.eventsProcessed;
}

/**
 * Case `ps-sgd`: P workers, `iterations` synchronous iterations. Each worker waits a
 * lognormal compute time, holds a capacity-1 FIFO uplink for size/bandwidth seconds,
 * and reports to the server; the server waits for all P, then every worker gets
 * the model after a fixed latency.
 */
export function psSgdCase(p: number, iterations: number): number {
  const env = new Environment();
  const uplink = new Resource(env, 1, 'uplink');
  const inbox = new Store<number>(env, Infinity, 'server-inbox');
  const sizeBits = 8 * 100_000; // a 100 kB gradient message
  const bandwidthBps = 1e9;
  const latencyS = 50e-6;
  let modelReady = env.event<number>('model');
  const server = function* (): Generator<SimEvent<any>, void, any> {
    for (let it = 0; it < iterations; it++) {
      for (let w = 0; w < p; w++) yield inbox.get();
      yield env.timeout(latencyS);
      const ready = modelReady;
      modelReady = env.event<number>('model');
      ready.succeed(it);
    }
  };
  const worker = function* (rng: RandomStream, id: number): Generator<SimEvent<any>, void, any> {
    for (let it = 0; it < iterations; it++) {
      yield env.timeout(rng.lognormal(Math.log(0.01), 0.3));
      const req = uplink.request();
      yield req;
      yield env.timeout(sizeBits / bandwidthBps);
      uplink.release(req);
      yield inbox.put(id);
      yield modelReady;
    }
  };
  env.process(server());
  for (let w = 0; w < p; w++) env.process(worker(new RandomStream(1, 0, `bench/worker/${w}`), w));
  env.run();
  return env.eventsProcessed;
}

/** Run the engine suite, printing one JSON line per case. */
export function runEngineBench(): void {
  for (const n of [10, 1000, 100_000]) {
    const { ms, result: events } = timeMedian(() => timeoutsCase(n, TIMEOUTS_TOTAL), 5);
    emit({ bench: 'engine', case: 'timeouts', N: n, events, ms, eventsPerS: Math.round((events / ms) * 1000), unit: EVENT_UNIT });
    if (n === 1000) {
      const raw = timeMedian(() => rawHeapHold(1000, events), 5);
      emit({
        bench: 'engine', case: 'raw-heap-hold', N: 1000, events: raw.result, ms: raw.ms,
        eventsPerS: Math.round((raw.result / raw.ms) * 1000), unit: 'one event = one poll + one add on the bare heap',
        engineOverRaw: Math.round((raw.ms / ms) * 1000) / 1000,
      });
    }
  }
  {
    const { ms, result: events } = timeMedian(() => pingpongCase(1_000_000), 3);
    emit({ bench: 'engine', case: 'pingpong', N: 2, roundTrips: 1_000_000, events, ms, eventsPerS: Math.round((events / ms) * 1000), unit: EVENT_UNIT });
  }
  for (const p of [8, 64, 512]) {
    const { ms, result: events } = timeMedian(() => psSgdCase(p, 1000), 3);
    emit({ bench: 'engine', case: 'ps-sgd', P: p, iterations: 1000, events, ms, eventsPerS: Math.round((events / ms) * 1000), unit: EVENT_UNIT });
  }
}
