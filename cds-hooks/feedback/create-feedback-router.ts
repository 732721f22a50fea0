/**
 * POST /cds-services/{id}/feedback (https://cds-hooks.hl7.org/2.0/#feedback): what the clinician did with our cards,
 * stored beside the audit of the assessment that produced them.
 *
 * Answers (the spec defines the request only; these follow its status codes for service calls):
 * - 200 with no body once every item is stored;
 * - 400 `{ "error": "<field>: <rule>" }` for bad JSON, a body that is not the spec's shape, or `accepted` without
 *   `acceptedSuggestions`; nothing of a bad request is stored;
 * - 404 for a service id this server does not have;
 * - 413 for a body over the limit; 500 when the store fails.
 *
 * Feedback about a card uuid the store does not know is stored and flagged (`knownCard: false`), not refused. The
 * spec lets a client report the same card several times and later than the hook call ("a card once ignored could
 * later be acted upon"), and a card may have been issued by another replica or before the database was reset; a 400
 * would lose a clinician's real answer and invite the client to retry something that can never succeed.
 * Repeated feedback for one card is stored as separate rows, one per interaction the client reported.
 *
 * Mount the router at the server's root (it carries the full path), behind the CDS client authentication.
 */
import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import type { Logger } from '../../src/shared/index';
import { describeZodError } from '../api/describe-zod-error';
import type { CdsStore, FeedbackInput } from '../store/cds-store';
import { feedbackRequestSchema, type FeedbackRequest } from './feedback-schema';

export interface FeedbackRouterDeps {
  store: CdsStore;
  /** Ids of the services this server offers (the `{id}` of the path). */
  serviceIds: readonly string[];
  logger: Logger;
  /** Largest accepted body, e.g. `100kb` (default `1mb`). */
  bodyLimit?: string;
}

/** The JSON body of an error answer, as the hook endpoints send it. */
interface ErrorBody {
  error: string;
}

/**
 * Builds the feedback router.
 *
 * @param deps - the store, the service ids, the logger
 */
export function createFeedbackRouter(deps: FeedbackRouterDeps): Router {
  const services = new Set(deps.serviceIds);
  const router = express.Router();

  router.post(
    '/cds-services/:id/feedback',
    express.json({ limit: deps.bodyLimit ?? '1mb', type: ['application/json', 'application/*+json'] }),
    (req: Request, res: Response) => {
      const serviceId = String(req.params.id);
      if (!services.has(serviceId)) {
        sendError(res, 404, `no CDS service '${serviceId.slice(0, 64)}' here; see GET /cds-services`);
        return;
      }
      if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
        sendError(res, 400, 'the body must be a JSON object sent as application/json');
        return;
      }
      const parsed = feedbackRequestSchema.safeParse(req.body);
      if (!parsed.success) {
        sendError(res, 400, describeZodError(parsed.error));
        return;
      }
      const records = deps.store.recordFeedback(toFeedbackInputs(serviceId, parsed.data));
      const unknown = records.filter((r) => !r.knownCard).length;
      deps.logger.info(
        {
          serviceId,
          items: records.length,
          accepted: records.filter((r) => r.outcome === 'accepted').length,
          unknownCards: unknown,
        },
        'CDS feedback stored',
      );
      if (unknown > 0)
        deps.logger.warn({ serviceId, unknownCards: unknown }, 'CDS feedback about cards never issued here');
      res.status(200).end();
    },
  );

  router.use('/cds-services/:id/feedback', (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const type = (err as { type?: unknown } | null)?.type;
    if (type === 'entity.parse.failed') {
      sendError(res, 400, 'the body is not valid JSON');
      return;
    }
    if (type === 'entity.too.large') {
      sendError(res, 413, `the body is larger than ${deps.bodyLimit ?? '1mb'}`);
      return;
    }
    deps.logger.error({ error: err instanceof Error ? err.message : String(err) }, 'CDS feedback failed');
    sendError(res, 500, 'the feedback could not be stored');
  });
  return router;
}

function toFeedbackInputs(serviceId: string, request: FeedbackRequest): FeedbackInput[] {
  return request.feedback.map((item) => {
    const input: FeedbackInput = {
      serviceId,
      card: item.card,
      outcome: item.outcome,
      outcomeTimestamp: item.outcomeTimestamp,
    };
    if (item.acceptedSuggestions) input.acceptedSuggestions = item.acceptedSuggestions.map((s) => s.id);
    const reason = item.overrideReason;
    if (reason && (reason.reason || reason.userComment !== undefined)) {
      input.overrideReason = {
        ...(reason.reason && { reason: reason.reason }),
        ...(reason.userComment !== undefined && { userComment: reason.userComment }),
      };
    }
    return input;
  });
}

function sendError(res: Response, status: number, message: string): void {
  const body: ErrorBody = { error: message };
  res.status(status).json(body);
}
