/**
 * The engine's catalog of error messages: each embeds the offending value and
 * says what to do, so tests compare against these functions, not literals.
 */
export const simErrors = {
  alreadyTriggered: (name: string) => `event "${name}" has already been triggered; an event succeeds or fails once — create a new event instead`,
  alreadyProcessed: (name: string) => `event "${name}" has already been processed; read its value instead of adding a callback`,
  valueNotReady: (name: string) => `event "${name}" has no value yet: it has not been triggered`,
  badPriority: (priority: number, max: number) => `event priority must be an integer from 0 (URGENT) to ${max}, got ${priority}`,
  negativeDelay: (delay: number) => `delay must be a finite number of seconds ≥ 0, got ${delay}`,
  notAnEvent: (process: string, given: unknown) => `process "${process}" yielded ${describe(given)}; a process may only yield events (timeout, event, condition, request, put/get)`,
  interruptDead: (process: string) => `cannot interrupt process "${process}": it has already finished`,
  interruptSelf: (process: string) => `process "${process}" cannot interrupt itself`,
  untilInPast: (until: number, now: number) => `run(until=${until}) is before the current time ${now}`,
  untilNeverTriggered: (name: string) => `no scheduled events left but the until event "${name}" was not triggered: the simulation deadlocked`,
  capacity: (what: string, capacity: number) => `${what} capacity must be an integer ≥ 1, got ${capacity}`,
  releaseUnknown: (resource: string) => `release() on resource "${resource}" with a request that neither holds nor waits for it`,
  mixedEnvironments: (name: string) => `event "${name}" belongs to another environment`,
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return `an object of type ${value.constructor?.name ?? 'Object'}`;
  return `${typeof value} ${String(value)}`;
}
