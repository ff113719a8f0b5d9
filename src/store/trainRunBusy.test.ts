// isTrainRunBusy: busy from start to stop, not once a run is done or failed.
import { describe, expect, it } from 'vitest';
import { isTrainRunBusy, type TrainRun } from './trainSlice.ts';

describe('isTrainRunBusy', () => {
  it('is true while a run starts, runs or stops, and false once it is done or failed', () => {
    const statuses: TrainRun['status'][] = ['starting', 'running', 'stopping', 'done', 'failed'];
    expect(statuses.map((status) => isTrainRunBusy({ status }))).toEqual([true, true, true, false, false]);
  });
});
