import { describe, expect, it } from 'vitest';
import { readScenarioInput } from '../../src/scenario/load.js';
import { sweepLocator } from '../../src/sweep/raw.js';
import { tiny } from './fixtures.js';

// tiny(3) is 9 lines; the sweep block starts on line 10.
const TEXT = `${tiny(3)}sweep:
  grid:
    workers.count: [2, 4]
  zip:
    - training.learningRate: [5, 10]
      workers.batchSize: [8, 16]
`;

describe('where a sweep axis is written', () => {
  const locate = sweepLocator(readScenarioInput('study.yaml', TEXT));

  it('finds a grid axis at its key, a zip axis at its key in its group', () => {
    expect(locate('workers.count')).toMatchObject({ line: 12, col: 5 });
    expect(locate('training.learningRate', 0)).toMatchObject({ line: 14, col: 7 });
    expect(locate('workers.batchSize', 0)).toMatchObject({ line: 15, col: 7 });
  });

  it('falls back to the sweep block for an axis it does not hold there, or none', () => {
    expect(locate('workers.batchSize')).toMatchObject({ line: 10, col: 1 }); // a zip axis asked for as a grid axis
    expect(locate('workers.count', 3)).toMatchObject({ line: 10, col: 1 });
    expect(locate()).toMatchObject({ line: 10, col: 1 });
  });
});
