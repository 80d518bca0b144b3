import { describe, expect, it } from 'vitest';
import { Environment, EventQueue, Interrupt, RandomStream, Resource, Store, simErrors, type Processable, type Queue, type SimEvent } from '../../src/sim/index.js';

type Gen = Generator<SimEvent<any>, any, any>;

/** The plainest correct queue: entries in an array, pop scans for the least (time, order). */
class ScanQueue implements Queue<Processable> {
  private entries: { time: number; order: number; slot: number }[] = [];
  private items: unknown[] = [];
  private free: number[] = [];
  private popped = 0;
  get size(): number {
    return this.entries.length;
  }
  peekTime(): number {
    return this.entries.length === 0 ? Infinity : (this.entries[this.least()] as { time: number }).time;
  }
  push(item: Processable, time: number, order: number): number {
    const slot = this.free.pop() ?? this.entries.length;
    this.items[2 * slot] = item;
    this.items[2 * slot + 1] = undefined;
    this.entries.push({ time, order, slot });
    return slot;
  }
  pop(): Processable | undefined {
    if (this.entries.length === 0) return undefined;
    const { slot } = this.entries.splice(this.least(), 1)[0] as { slot: number };
    const item = this.items[2 * slot] as Processable;
    this.items[2 * slot] = undefined;
    this.popped = slot;
    this.free.push(slot);
    return item;
  }
  poppedArg(): unknown {
    return this.items[2 * this.popped + 1];
  }
  holds(slot: number, order: number): boolean {
    return this.entries.some((e) => e.slot === slot && e.order === order);
  }
  item(slot: number): Processable {
    return this.items[2 * slot] as Processable;
  }
  replace(slot: number, item: Processable, arg?: unknown): void {
    this.items[2 * slot] = item;
    this.items[2 * slot + 1] = arg;
  }
  private least(): number {
    let best = 0;
    this.entries.forEach((e, i) => {
      const b = this.entries[best] as { time: number; order: number };
      if (e.time < b.time || (e.time === b.time && e.order < b.order)) best = i;
    });
    return best;
  }
}

/** A mixed workload (ties, priorities, resources, stores, conditions, interrupts, shared timeouts); returns its log. */
function mixedRun(queue?: Queue<Processable>): string[] {
  const env = new Environment(0, queue);
  const rng = new RandomStream(7, 0, 'queue-test');
  const store = new Store<number>(env, 2, 's');
  const res = new Resource(env, 2, 'r');
  const log: string[] = [];
  const procs = Array.from({ length: 12 }, (_, p) =>
    env.process(
      (function* (): Gen {
        for (let i = 0; i < 60; i++) {
          const k = rng.int(7);
          try {
            if (k === 0) yield env.timeout(rng.int(3));
            else if (k === 1) {
              const r = res.request();
              yield r;
              yield env.timeout(rng.exponential(2));
              res.release(r);
            } else if (k === 2) yield store.put(p * 100 + i);
            else if (k === 3) log.push(`g${JSON.stringify(yield env.anyOf([store.get(), env.timeout(1)]))}`);
            else if (k === 4) yield env.event('e').succeed(i, rng.int(3));
            else if (k === 5) yield env.allOf([env.timeout(0.5), env.timeout(rng.int(2))]);
            else {
              const t = env.timeout(rng.int(2), i);
              t.addCallback(() => log.push(`cb${p}@${env.now}`));
              log.push(`v${String(yield t)}`);
            }
          } catch (e) {
            log.push(`x${p}:${(e as Error).message}`);
          }
          log.push(`${p}@${env.now}`);
        }
      })(),
      `p${p}`,
    ),
  );
  env.process(
    (function* (): Gen {
      for (let i = 0; i < 40; i++) {
        yield env.timeout(rng.exponential(0.5));
        const q = procs[rng.int(procs.length)];
        if (q?.isAlive) q.interrupt(i);
      }
    })(),
  );
  env.run(30);
  log.push(`now ${env.now} events ${env.eventsProcessed}`);
  env.run();
  log.push(`end ${env.now} events ${env.eventsProcessed}`);
  return log;
}

describe('EventQueue', () => {
  it('pops in (time, order) order across growth, ties broken by order', () => {
    const q = new EventQueue<string>();
    const rng = new RandomStream(3, 0, 'heap');
    const keys: [number, number][] = [];
    const byKey = (a: [number, number], b: [number, number]) => a[0] - b[0] || a[1] - b[1];
    for (let i = 0; i < 500; i++) {
      const key: [number, number] = [rng.int(20), rng.int(1e6) * 1000 + i];
      keys.push(key);
      q.push(`${key[0]}/${key[1]}`, key[0], key[1]);
      if (i % 3 === 0) {
        const least = keys.sort(byKey).shift() as [number, number];
        expect(q.pop()).toBe(`${least[0]}/${least[1]}`);
      }
    }
    keys.sort(byKey);
    const out: string[] = [];
    while (q.size > 0) {
      expect(q.peekTime()).toBe((keys[out.length] as [number, number])[0]);
      out.push(q.pop() as string);
    }
    expect(out).toEqual(keys.map(([t, o]) => `${t}/${o}`));
    expect(q.pop()).toBeUndefined();
    expect(q.peekTime()).toBe(Infinity);
  });

  it('names an entry by (slot, order) while it is queued, and swaps its item in place', () => {
    const q = new EventQueue<string>();
    const a = q.push('a', 2, 10);
    const b = q.push('b', 1, 11);
    expect(q.holds(a, 10) && q.holds(b, 11)).toBe(true);
    q.replace(a, 'A', 'arg');
    expect(q.item(a)).toBe('A');
    expect(q.pop()).toBe('b');
    expect(q.holds(b, 11)).toBe(false);
    const c = q.push('c', 3, 12); // reuses b's slot
    expect(c).toBe(b);
    expect(q.holds(b, 11)).toBe(false);
    expect(q.pop()).toBe('A');
    expect(q.poppedArg()).toBe('arg');
  });

  it('runs a mixed simulation exactly as the plainest queue does', () => {
    const log = mixedRun();
    expect(log.length).toBeGreaterThan(500);
    expect(log).toEqual(mixedRun(new ScanQueue()));
  });
});

describe('timeouts a process claims', () => {
  it('reports processed and value like any event, before and after firing', () => {
    const env = new Environment();
    const t = env.timeout(2, 'v');
    env.process(
      (function* (): Gen {
        yield t;
      })(),
    );
    env.run(1);
    expect(t.triggered).toBe(true);
    expect(t.processed).toBe(false);
    env.run(3);
    expect(t.processed).toBe(true);
    expect(t.value).toBe('v');
    expect(() => t.addCallback(() => {})).toThrow(simErrors.alreadyProcessed('timeout'));
  });

  it('still runs callbacks added after a process claimed it, the process first', () => {
    const env = new Environment();
    const log: string[] = [];
    const t = env.timeout(1, 'v');
    env.process(
      (function* (): Gen {
        log.push(`p got ${String(yield t)}@${env.now}`);
      })(),
    );
    env.process(
      (function* (): Gen {
        yield env.timeout(0.5);
        t.addCallback((e) => log.push(`cb ${String(e.value)}@${env.now}`));
        log.push(`q got ${String(yield t)}@${env.now}`);
      })(),
    );
    env.run();
    expect(log).toEqual(['p got v@1', 'cb v@1', 'q got v@1']);
  });

  it('resumes a process at once with a timeout that has already fired', () => {
    const env = new Environment();
    const t = env.timeout(1, 'early');
    env.process(
      (function* (): Gen {
        yield t;
      })(),
    );
    let got: unknown;
    env.process(
      (function* (): Gen {
        yield env.timeout(2);
        got = yield t;
        expect(env.now).toBe(2);
      })(),
    );
    env.run();
    expect(got).toBe('early');
  });

  it('after an interrupt, fires resuming nobody, and another process may claim it', () => {
    const env = new Environment();
    const log: string[] = [];
    const t = env.timeout(5, 'late');
    const sleeper = env.process(
      (function* (): Gen {
        try {
          yield t;
          log.push('woke');
        } catch (e) {
          log.push(`${(e as Interrupt).cause}@${env.now}`);
        }
      })(),
    );
    env.process(
      (function* (): Gen {
        yield env.timeout(1);
        sleeper.interrupt('irq');
        yield env.timeout(1);
        log.push(`other got ${String(yield t)}@${env.now}`);
      })(),
    );
    env.run();
    expect(log).toEqual(['irq@1', 'other got late@5']);
  });

  it('after an interrupt, keeps the callbacks added meanwhile', () => {
    const env = new Environment();
    const log: string[] = [];
    const t = env.timeout(5);
    const sleeper = env.process(
      (function* (): Gen {
        try {
          yield t;
          log.push('woke');
        } catch {
          log.push(`interrupted@${env.now}`);
        }
      })(),
    );
    env.process(
      (function* (): Gen {
        yield env.timeout(1);
        t.addCallback(() => log.push(`cb@${env.now}`));
        sleeper.interrupt();
      })(),
    );
    env.run();
    expect(log).toEqual(['interrupted@1', 'cb@5']);
    expect(env.now).toBe(5);
  });

  it('interrupts a process as soon as it waits, its failure stopping the run', () => {
    const env = new Environment();
    const p = env.process(
      (function* (): Gen {
        yield env.timeout(1);
      })(),
      'short',
    );
    p.interrupt('now');
    expect(() => env.run()).toThrow('interrupted: now');
    expect(p.triggered).toBe(true);
    expect(env.now).toBe(0);
  });

  it('ends run(until) on a claimed timeout with its value', () => {
    const env = new Environment();
    const t = env.timeout(3, 42);
    env.process(
      (function* (): Gen {
        yield t;
      })(),
    );
    env.timeout(10);
    expect(env.run(t)).toBe(42);
    expect(env.now).toBe(3);
  });
});
