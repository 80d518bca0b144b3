import { eventRefusal } from './estimate/events.js';
import { estimateMemory, heapPlan, memoryRefusal, type MemoryEstimate } from './estimate/memory.js';
import type { Scenario } from './schema.js';

/**
 * The checks beyond the scenario file's own (which loading it makes): the run
 * must be within reach in engine events and fit in `limitBytes` of memory, its
 * JS objects beside its typed arrays. One function, so that validate, run
 * and every point of a sweep refuse alike. Undefined: accepted.
 */
export function gateRefusal(name: string, scenario: Scenario, limitBytes: number, estimate: MemoryEstimate = estimateMemory(scenario)): string | undefined {
  // out of reach first: a run of 10¹⁵ iterations would also keep too much, but its length is what to change
  const events = eventRefusal(name, scenario);
  if (events !== undefined) return events;
  const memory = memoryRefusal(name, estimate, limitBytes);
  if (memory !== undefined) return memory;
  // the machine decides (the heap limit of this process does not): hence 0, which only a refusal answers differently from
  const heap = heapPlan(name, estimate, limitBytes, 0);
  return heap.kind === 'refuse' ? heap.message : undefined;
}
