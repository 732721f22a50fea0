import type { AssessorState } from '../deps';
import { ModelUnavailableError } from './api-error';
import type { AssessmentApiDeps } from './create-assessment-api-router';

/**
 * The API's `assess` over the service's background-loaded model: assesses with the assessor once it is ready, and
 * throws ModelUnavailableError (the API answers 503) while it is loading or after it failed to load.
 *
 * @param state - the model's state, asked on every call (services/model-loader.ts `model.state`)
 */
export function assessWhenReady(state: () => AssessorState): AssessmentApiDeps['assess'] {
  return (record, options) => {
    const current = state();
    if (current.status === 'ready') return current.assessor.assess(record, options);
    const reason = current.status === 'loading' ? 'the model is loading' : current.reason;
    return Promise.reject(new ModelUnavailableError(reason));
  };
}
