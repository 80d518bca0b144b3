import type { Environment } from './environment.js';
import { type Callback, SimEvent } from './events.js';

/** Value of an any-of condition: which event fired first, and its value. */
export interface AnyOfValue<T> {
  readonly index: number;
  readonly value: T;
}

/**
 * Succeeds once every event has succeeded, with the values in the given order;
 * fails with the first failure. An empty list succeeds at once.
 */
export class AllOf<T> extends SimEvent<T[]> {
  constructor(env: Environment, events: readonly SimEvent<T>[]) {
    super(env, 'all-of');
    let remaining = events.length;
    const check: Callback = (event) => {
      if (this.triggered) return;
      if (!event.isOk) {
        event.defused = true;
        this.fail(event.value as Error);
        return;
      }
      if (--remaining === 0) this.succeed(events.map((e) => e.value));
    };
    if (remaining === 0) this.succeed([]);
    for (const event of events) {
      if (event.processed) check(event);
      else event.addCallback(check);
    }
  }
}

/**
 * Succeeds when the first event is processed, with `{ index, value }`; fails if
 * that first event failed. An empty list succeeds at once with index −1.
 */
export class AnyOf<T> extends SimEvent<AnyOfValue<T>> {
  constructor(env: Environment, events: readonly SimEvent<T>[]) {
    super(env, 'any-of');
    if (events.length === 0) this.succeed({ index: -1, value: undefined as T });
    events.forEach((event, index) => {
      const check: Callback = (e) => {
        if (this.triggered) return;
        if (!e.isOk) {
          e.defused = true;
          this.fail(e.value as Error);
          return;
        }
        this.succeed({ index, value: e.value as T });
      };
      if (event.processed) check(event);
      else event.addCallback(check);
    });
  }
}
