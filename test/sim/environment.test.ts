import { describe, expect, it } from 'vitest';
import { Environment, Interrupt, URGENT, simErrors, type SimEvent } from '../../src/sim/index.js';

type Gen = Generator<SimEvent<any>, any, any>;

describe('event ordering', () => {
  it('fires equal-time events in the order they were scheduled', () => {
    const env = new Environment();
    const order: string[] = [];
    for (const name of ['a', 'b', 'c', 'd']) env.timeout(1).addCallback(() => order.push(name));
    env.timeout(0.5).addCallback(() => order.push('early'));
    env.run();
    expect(order).toEqual(['early', 'a', 'b', 'c', 'd']);
    expect(env.now).toBe(1);
  });

  it('orders urgent events before normal ones at the same time', () => {
    const env = new Environment();
    const order: string[] = [];
    const normal = env.event('normal');
    normal.addCallback(() => order.push('normal'));
    const urgent = env.event('urgent');
    urgent.addCallback(() => order.push('urgent'));
    normal.succeed(undefined, 1);
    urgent.succeed(undefined, 0);
    env.run();
    expect(order).toEqual(['urgent', 'normal']);
  });

  it('orders by priority first, then scheduling, across many priorities; refuses a priority it cannot pack', () => {
    const env = new Environment();
    const order: string[] = [];
    for (const [name, priority] of [
      ['p5a', 5],
      ['p63', 63],
      ['p0', 0],
      ['p5b', 5],
      ['p1', 1],
    ] as const) {
      const e = env.event(name);
      e.addCallback(() => order.push(name));
      e.succeed(undefined, priority);
    }
    env.run();
    expect(order).toEqual(['p0', 'p1', 'p5a', 'p5b', 'p63']);
    for (const bad of [-1, 64, 0.5, NaN]) expect(() => env.event('x').succeed(undefined, bad)).toThrow(simErrors.badPriority(bad, 63));
  });

  it('runs an event’s callbacks in the order added, minus removed ones, the first included', () => {
    const env = new Environment();
    const order: string[] = [];
    const e = env.timeout(1);
    const cb = (name: string) => () => order.push(name);
    const a = cb('a');
    const c = cb('c');
    e.addCallback(a);
    e.addCallback(cb('b'));
    e.addCallback(c);
    e.removeCallback(a);
    e.removeCallback(c);
    e.addCallback(cb('d'));
    env.run();
    expect(order).toEqual(['b', 'd']);
    expect(() => e.addCallback(cb('late'))).toThrow(simErrors.alreadyProcessed('timeout'));
  });

  it('processes equal-time process wake-ups in scheduling order', () => {
    const env = new Environment();
    const log: string[] = [];
    function* p(name: string, delay: number): Gen {
      yield env.timeout(delay);
      log.push(`${name}@${env.now}`);
    }
    env.process(p('x', 2));
    env.process(p('y', 1));
    env.process(p('z', 2));
    env.run();
    expect(log).toEqual(['y@1', 'x@2', 'z@2']);
  });

  it('runs until a time, leaving events at that time queued', () => {
    const env = new Environment();
    let fired = 0;
    env.timeout(5).addCallback(() => fired++);
    env.run(5);
    expect(env.now).toBe(5);
    expect(fired).toBe(0);
    env.run();
    expect(fired).toBe(1);
  });
});

describe('events are one-shot', () => {
  it('refuses a second trigger, naming the event', () => {
    const env = new Environment();
    const ev = env.event('once');
    ev.succeed(1);
    expect(() => ev.succeed(2)).toThrow(simErrors.alreadyTriggered('once'));
  });

  it('stops the run loudly on an unhandled failure', () => {
    const env = new Environment();
    env.event('boom').fail(new Error('kaput'));
    expect(() => env.run()).toThrow('kaput');
  });
});

describe('processes', () => {
  it('returns a value that a waiting process receives', () => {
    const env = new Environment();
    function* child(): Gen {
      yield env.timeout(3);
      return 42;
    }
    let got: unknown;
    env.process(
      (function* (): Gen {
        got = yield env.process(child());
        expect(env.now).toBe(3);
      })(),
    );
    env.run();
    expect(got).toBe(42);
  });

  it('throws a failed event into the waiting process, which may catch it', () => {
    const env = new Environment();
    const ev = env.event<number>('bad');
    let caught = '';
    env.process(
      (function* (): Gen {
        try {
          yield ev;
        } catch (e) {
          caught = (e as Error).message;
        }
      })(),
    );
    env.timeout(1).addCallback(() => ev.fail(new Error('nope')));
    env.run();
    expect(caught).toBe('nope');
  });

  it('refuses a yield that is not an event with a clear error', () => {
    const env = new Environment();
    const p = env.process(
      (function* (): Gen {
        yield 5 as unknown as SimEvent<any>;
      })(),
      'bad-yield',
    );
    expect(() => env.run()).toThrow(simErrors.notAnEvent('bad-yield', 5));
    expect(p.triggered).toBe(true);
  });
});

describe('interrupts', () => {
  it('throws Interrupt with its cause at the interrupt time, and the old target no longer resumes', () => {
    const env = new Environment();
    const log: string[] = [];
    const sleeper = env.process(
      (function* (): Gen {
        try {
          yield env.timeout(10);
          log.push('woke normally');
        } catch (e) {
          expect(e).toBeInstanceOf(Interrupt);
          log.push(`interrupted(${String((e as Interrupt).cause)})@${env.now}`);
        }
        yield env.timeout(1);
        log.push(`done@${env.now}`);
      })(),
    );
    env.process(
      (function* (): Gen {
        yield env.timeout(4);
        sleeper.interrupt('wake');
      })(),
    );
    env.run();
    expect(log).toEqual(['interrupted(wake)@4', 'done@5']);
    expect(env.now).toBe(10); // the abandoned timeout still fires, resuming nobody
  });

  it('refuses to interrupt a finished process', () => {
    const env = new Environment();
    const p = env.process(
      (function* (): Gen {
        yield env.timeout(1);
      })(),
      'short',
    );
    env.run();
    expect(() => p.interrupt()).toThrow(simErrors.interruptDead('short'));
  });

  it('drops an interrupt that fires after the process already ended at the same time', () => {
    const env = new Environment();
    const ev = env.event<string>('ev');
    const log: string[] = [];
    const p = env.process(
      (function* (): Gen {
        try {
          return yield ev;
        } catch (e) {
          log.push(`interrupted(${String((e as Interrupt).cause)})`);
          return 'caught';
        }
      })(),
      'p',
    );
    env.process(
      (function* (): Gen {
        yield env.timeout(1);
        // ev is scheduled (urgent) before the interrupt, so it resumes p first and p
        // returns; p is still alive here, so interrupt() is accepted and reaches the guard.
        ev.succeed('value', URGENT);
        expect(p.isAlive).toBe(true);
        p.interrupt('late');
      })(),
    );
    env.run();
    expect(log).toEqual([]);
    expect(p.isOk).toBe(true);
    expect(p.value).toBe('value');
    expect(env.now).toBe(1);
  });
});

describe('conditions', () => {
  it('all-of waits for every event and gives values in order', () => {
    const env = new Environment();
    let values: unknown;
    env.process(
      (function* (): Gen {
        values = yield env.allOf([env.timeout(3, 'c'), env.timeout(1, 'a'), env.timeout(2, 'b')]);
        expect(env.now).toBe(3);
      })(),
    );
    env.run();
    expect(values).toEqual(['c', 'a', 'b']);
  });

  it('any-of fires with the first event', () => {
    const env = new Environment();
    let first: unknown;
    env.process(
      (function* (): Gen {
        first = yield env.anyOf([env.timeout(3, 'slow'), env.timeout(1, 'fast')]);
        expect(env.now).toBe(1);
      })(),
    );
    env.run();
    expect(first).toEqual({ index: 1, value: 'fast' });
  });

  it('all-of of nothing succeeds at once', () => {
    const env = new Environment();
    const c = env.allOf([]);
    env.run();
    expect(c.value).toEqual([]);
    expect(env.now).toBe(0);
  });
});
