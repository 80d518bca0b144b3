import { ScenarioError } from '../../src/scenario/messages.js';

/** The ScenarioError `fn` throws (any other error is rethrown; no error fails the test). */
export function scenarioError(fn: () => unknown): ScenarioError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error('expected a ScenarioError');
}
