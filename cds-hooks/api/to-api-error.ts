import { isFhirRequestError } from '../../src/shared/index';
import { ApiError } from './api-error';

/**
 * A failed FHIR read as the API's answer: the FHIR server's 401/403 become ours (the caller's token is what was
 * refused), 404/410 name the resource that does not exist, no response at all is a 504, anything else a 502. The
 * message names the resource, the status and the server's URL, never the server's diagnostics text.
 *
 * @param error - what the read threw
 * @param resource - the reference that was read, e.g. `Patient/123`
 * @returns the ApiError, or undefined when `error` is not a FhirRequestError
 */
export function fhirErrorToApiError(error: unknown, resource: string): ApiError | undefined {
  if (!isFhirRequestError(error)) return undefined;
  const where = `(HTTP ${error.status} from ${error.url})`;
  const options = { cause: error };
  switch (error.status) {
    case 401:
      return new ApiError(401, `the FHIR server refused the bearer token ${where}`, [], options);
    case 403:
      return new ApiError(403, `the bearer token does not allow reading ${resource} ${where}`, [], options);
    case 404:
    case 410:
      return new ApiError(404, `${resource} was not found on the FHIR server ${where}`, [], options);
    case 0:
      return new ApiError(504, `the FHIR server did not answer reading ${resource} (${error.url})`, [], options);
    default:
      return new ApiError(502, `the FHIR server failed reading ${resource} ${where}`, [], options);
  }
}
