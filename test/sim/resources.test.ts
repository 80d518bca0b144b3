import { describe, expect, it } from 'vitest';
import { Environment, Resource, simErrors, type SimEvent } from '../../src/sim/index.js';

type Gen = Generator<SimEvent<any>, any, any>;

describe('Resource', () => {
  it('serves requests FIFO with the given capacity', () => {
    const env = new Environment();
    const res = new Resource(env, 2, 'cpu');
    const log: string[] = [];
    function* user(name: string, arrive: number, hold: number): Gen {
      yield env.timeout(arrive);
      const req = res.request();
      yield req;
      log.push(`${name}+${env.now}`);
      yield env.timeout(hold);
      res.release(req);
    }
    env.process(user('a', 0, 5));
    env.process(user('b', 0, 3));
    env.process(user('c', 1, 1));
    env.process(user('d', 2, 1));
    env.run();
    // c waits for b (done at 3), d waits for c (done at 4)
    expect(log).toEqual(['a+0', 'b+0', 'c+3', 'd+4']);
    expect(res.count).toBe(0);
  });

  it('withdraws a waiting request on release and refuses unknown ones', () => {
    const env = new Environment();
    const res = new Resource(env, 1, 'link');
    const held = res.request();
    const waiting = res.request();
    expect(res.queueLength).toBe(1);
    res.release(waiting);
    expect(res.queueLength).toBe(0);
    res.release(held);
    expect(() => res.release(held)).toThrow(simErrors.releaseUnknown('link'));
  });

  it('rejects a non-integer capacity', () => {
    expect(() => new Resource(new Environment(), 0.5, 'x')).toThrow(simErrors.capacity('x', 0.5));
  });
});
