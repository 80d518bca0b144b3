import { describe, expect, it } from 'vitest';
import { Environment, Store, simErrors, type SimEvent } from '../../src/sim/index.js';

type Gen = Generator<SimEvent<any>, any, any>;

describe('Store', () => {
  it('delivers items FIFO to unfiltered gets and blocks getters until a put', () => {
    const env = new Environment();
    const box = new Store<string>(env);
    const got: string[] = [];
    env.process(
      (function* (): Gen {
        for (let i = 0; i < 3; i++) got.push(`${yield box.get()}@${env.now}`);
      })(),
    );
    env.process(
      (function* (): Gen {
        yield env.timeout(2);
        yield box.put('x');
        yield box.put('y');
        yield env.timeout(1);
        yield box.put('z');
      })(),
    );
    env.run();
    expect(got).toEqual(['x@2', 'y@2', 'z@3']);
  });

  it('takes the oldest matching item and leaves the others stored in order', () => {
    const env = new Environment();
    const box = new Store<number>(env);
    for (const x of [1, 2, 3, 4, 5]) box.put(x);
    const got: number[] = [];
    env.process(
      (function* (): Gen {
        got.push(yield box.get((x) => x % 2 === 0));
        got.push(yield box.get((x) => x > 2));
        got.push(yield box.get());
        got.push(yield box.get());
      })(),
    );
    env.run();
    expect(got).toEqual([2, 3, 1, 4]);
    expect(box.size).toBe(1);
  });

  it('waits until a matching item arrives; non-matching arrivals stay stored', () => {
    const env = new Environment();
    const box = new Store<string>(env);
    let got = '';
    env.process(
      (function* (): Gen {
        got = `${yield box.get((s) => s.startsWith('b'))}@${env.now}`;
      })(),
    );
    env.process(
      (function* (): Gen {
        yield env.timeout(1);
        yield box.put('a1');
        yield env.timeout(1);
        yield box.put('b1');
      })(),
    );
    env.run();
    expect(got).toBe('b1@2');
    expect(box.size).toBe(1);
    expect(box.waitingGetters).toBe(0);
  });

  it('serves waiting getters in request order among those whose filter matches', () => {
    const env = new Environment();
    const box = new Store<number>(env);
    const log: string[] = [];
    const getter = (name: string, filter?: (x: number) => boolean) =>
      env.process(
        (function* (): Gen {
          log.push(`${name}:${yield box.get(filter)}@${env.now}`);
        })(),
      );
    getter('even', (x) => x % 2 === 0);
    getter('any1');
    getter('any2');
    env.process(
      (function* (): Gen {
        yield env.timeout(1);
        yield box.put(3); // 'even' does not match: the earliest matching getter, any1, gets it
        yield env.timeout(1);
        yield box.put(4); // 'even' asked first and matches
        yield env.timeout(1);
        yield box.put(6); // only any2 still waits
      })(),
    );
    env.run();
    expect(log).toEqual(['any1:3@1', 'even:4@2', 'any2:6@3']);
  });

  it('narrows the item type with a type-guard filter', () => {
    const env = new Environment();
    const box = new Store<string | number>(env);
    box.put('a');
    box.put(7);
    const ev = box.get((x): x is number => typeof x === 'number');
    env.run();
    const n: number = ev.value;
    expect(n).toBe(7);
  });

  it('withdraws a waiting get with cancel', () => {
    const env = new Environment();
    const box = new Store<number>(env);
    const first = box.get();
    const second = box.get();
    expect(box.cancel(first)).toBe(true);
    expect(box.cancel(first)).toBe(false);
    box.put(1);
    env.run();
    expect(first.triggered).toBe(false);
    expect(second.value).toBe(1);
  });

  it('blocks putters on a full store until an unfiltered get makes room', () => {
    const env = new Environment();
    const box = new Store<number>(env, 1);
    const putTimes: number[] = [];
    env.process(
      (function* (): Gen {
        for (let i = 0; i < 3; i++) {
          yield box.put(i);
          putTimes.push(env.now);
        }
      })(),
    );
    env.process(
      (function* (): Gen {
        yield env.timeout(5);
        expect(yield box.get()).toBe(0);
        yield env.timeout(5);
        expect(yield box.get()).toBe(1);
      })(),
    );
    env.run();
    expect(putTimes).toEqual([0, 5, 10]);
  });

  it('blocks putters on a full store until a filtered get makes room', () => {
    const env = new Environment();
    const box = new Store<number>(env, 2);
    const putTimes: number[] = [];
    env.process(
      (function* (): Gen {
        for (let i = 0; i < 4; i++) {
          yield box.put(i);
          putTimes.push(env.now);
        }
      })(),
    );
    env.process(
      (function* (): Gen {
        yield env.timeout(5);
        expect(yield box.get((x) => x === 1)).toBe(1);
        yield env.timeout(5);
        expect(yield box.get()).toBe(0);
        expect(yield box.get()).toBe(2);
        expect(yield box.get()).toBe(3);
      })(),
    );
    env.run();
    expect(putTimes).toEqual([0, 0, 5, 10]);
  });

  it('hands an item to a matching waiting getter even when the store is full', () => {
    const env = new Environment();
    const box = new Store<string>(env, 1);
    box.put('a');
    const log: string[] = [];
    env.process(
      (function* (): Gen {
        log.push(`got ${yield box.get((s) => s === 'b')}@${env.now}`);
      })(),
    );
    env.process(
      (function* (): Gen {
        yield env.timeout(1);
        yield box.put('b');
        log.push(`put b@${env.now}`);
      })(),
    );
    env.run();
    expect(log).toEqual(['put b@1', 'got b@1']);
    expect(box.size).toBe(1); // 'a' is still stored; 'b' never took a slot
    expect(box.waitingGetters).toBe(0);
  });

  it("lets a get take a waiting putter's item when no stored item matches", () => {
    const env = new Environment();
    const box = new Store<string>(env, 1);
    const log: string[] = [];
    env.process(
      (function* (): Gen {
        yield box.put('a');
        yield box.put('b'); // the store is full and nobody wants 'b' yet: the put waits
        log.push(`put b@${env.now}`);
      })(),
    );
    env.process(
      (function* (): Gen {
        yield env.timeout(2);
        log.push(`got ${yield box.get((s) => s === 'b')}@${env.now}`);
      })(),
    );
    env.run();
    expect(log).toEqual(['got b@2', 'put b@2']);
    expect(box.size).toBe(1); // 'a' is still stored
  });

  it('rejects a capacity below one', () => {
    expect(() => new Store(new Environment(), 0, 'inbox')).toThrow(simErrors.capacity('inbox', 0));
  });
});
