/** The discrete-event engine: clock, event queue, processes, conditions, resources, stores, random streams. */
export { Environment } from './environment.js';
export { EventQueue, type Queue } from './queue.js';
export { SimEvent, Timeout, Interrupt, URGENT, NORMAL, type Callback, type Processable } from './events.js';
export { Process, wait, type ProcessGenerator } from './process.js';
export { AllOf, AnyOf, type AnyOfValue } from './condition.js';
export { Resource, Request } from './resource.js';
export { Store, type ItemFilter } from './store.js';
export { RandomStream, RandomStreams } from './random.js';
export { simErrors } from './messages.js';
