import type { Environment } from './environment.js';
import { SimEvent } from './events.js';
import { Fifo } from './fifo.js';
import { simErrors } from './messages.js';

/** A request for one unit of a resource; succeeds (with itself) when granted. */
export class Request extends SimEvent<Request> {
  constructor(
    env: Environment,
    readonly resource: Resource,
  ) {
    super(env, `${resource.name}:request`);
  }
}

/**
 * A FIFO resource with `capacity` identical units (SimPy's Resource). A process
 * yields `request()`, holds the unit, then calls `release(request)`.
 */
export class Resource {
  private readonly users = new Set<Request>();
  private readonly waiting = new Fifo<Request>();

  constructor(
    readonly env: Environment,
    readonly capacity = 1,
    readonly name = 'resource',
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(simErrors.capacity(name, capacity));
  }

  /** Units in use. */
  get count(): number {
    return this.users.size;
  }

  /** Requests waiting to be granted. */
  get queueLength(): number {
    return this.waiting.length;
  }

  /** Ask for a unit; the returned event succeeds when it is granted (FIFO). */
  request(): Request {
    const req = new Request(this.env, this);
    if (this.users.size < this.capacity) {
      this.users.add(req);
      req.succeed(req);
    } else {
      this.waiting.push(req);
    }
    return req;
  }

  /** Give back a granted unit, or withdraw a request still waiting. */
  release(req: Request): void {
    if (this.users.delete(req)) {
      while (this.users.size < this.capacity && this.waiting.length > 0) {
        const next = this.waiting.shift() as Request;
        this.users.add(next);
        next.succeed(next);
      }
      return;
    }
    if (!this.waiting.remove(req)) throw new Error(simErrors.releaseUnknown(this.name));
  }
}
