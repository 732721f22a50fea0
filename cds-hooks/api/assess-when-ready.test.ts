import { assessmentFixture } from '../store/testing/assessment-fixture';
import type { AssessorState } from '../deps';
import type { MultimodalRecord } from '../../src/shared/index';
import { isModelUnavailableError } from './api-error';
import { assessWhenReady } from './assess-when-ready';

const record: MultimodalRecord = {
  patientId: 'p-1',
  anchorTime: '2024-11-20T00:26:00Z',
  issues: [],
  provenance: { source: 'fhir', references: [], retrievedAt: '2024-11-20T00:27:00Z' },
};

describe('assessWhenReady', () => {
  it('assesses with the assessor once the model is ready, passing the fetch time on', async () => {
    const seen: (number | undefined)[] = [];
    const state: AssessorState = {
      status: 'ready',
      assessor: {
        assess: async (_record, options) => {
          seen.push(options?.fetchMs);
          return assessmentFixture();
        },
      },
    };

    const assessment = await assessWhenReady(() => state)(record, { fetchMs: 12 });

    expect(assessment.id).toBe(assessmentFixture().id);
    expect(seen).toEqual([12]);
  });

  it.each([
    [{ status: 'loading' } as AssessorState, 'the model is loading'],
    [
      { status: 'unavailable', reason: 'no manifest.json in models/default' } as AssessorState,
      'no manifest.json in models/default',
    ],
  ])('refuses with ModelUnavailableError while the model is %p', async (state, reason) => {
    const error = await assessWhenReady(() => state)(record).catch((caught: unknown) => caught);

    expect(isModelUnavailableError(error)).toBe(true);
    expect((error as Error).message).toBe(reason);
  });
});
