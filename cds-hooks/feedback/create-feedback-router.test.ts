import express from 'express';
import request from 'supertest';
import { createSilentLogger } from '../../src/shared/index';
import { openCdsStore } from '../store/sqlite-cds-store';
import type { CdsStore } from '../store/cds-store';
import { assessmentFixture } from '../store/testing/assessment-fixture';
import { createFeedbackRouter } from './create-feedback-router';

const SERVICE = 'comorbidity-patient-view';
const CARD = '4e0a3a1e-3283-4575-ab82-028d55fe2719';
const SUGGESTION = 'e56e1945-20b3-4393-8503-a1a20fd73152';

describe('POST /cds-services/{id}/feedback', () => {
  let store: CdsStore;
  let app: express.Express;

  beforeEach(() => {
    store = openCdsStore(':memory:');
    store.recordAssessment(assessmentFixture(), { source: SERVICE });
    store.recordCards(assessmentFixture().id, [{ uuid: CARD, disease: 'sepsis' }]);
    app = express();
    app.use(createFeedbackRouter({ store, serviceIds: [SERVICE], logger: createSilentLogger(), bodyLimit: '2kb' }));
  });

  afterEach(() => store.close());

  it('stores an accepted suggestion and answers 200 with no body', async () => {
    // The body is the spec's "Example suggestion accepted" (https://cds-hooks.hl7.org/2.0/#suggestion-accepted).
    const body = {
      feedback: [
        {
          card: CARD,
          outcome: 'accepted',
          acceptedSuggestions: [{ id: SUGGESTION }],
          outcomeTimestamp: '2021-12-11T10:05:31Z',
        },
      ],
    };

    const response = await request(app).post(`/cds-services/${SERVICE}/feedback`).send(body);

    expect(response.status).toBe(200);
    expect(response.text).toBe('');
    expect(store.feedbackForAssessment(assessmentFixture().id)).toMatchObject([
      {
        serviceId: SERVICE,
        card: CARD,
        outcome: 'accepted',
        acceptedSuggestions: [SUGGESTION],
        outcomeTimestamp: '2021-12-11T10:05:31Z',
        knownCard: true,
      },
    ]);
  });

  it('stores an override with its reason and the clinician comment', async () => {
    // The spec's "Example overridden guidance with overrideReason", about our card.
    const body = {
      feedback: [
        {
          card: CARD,
          outcome: 'overridden',
          overrideReason: {
            reason: { code: 'd7ecf885', system: 'https://example.com/cds-hooks/override-reason-system' },
            userComment: 'A comment entered by the clinician.',
          },
          outcomeTimestamp: '2020-12-11T00:00:00Z',
        },
      ],
    };

    const response = await request(app).post(`/cds-services/${SERVICE}/feedback`).send(body);

    expect(response.status).toBe(200);
    const [stored] = store.feedbackForCard(CARD);
    expect(stored?.outcome).toBe('overridden');
    expect(stored?.overrideReason).toEqual({
      reason: { code: 'd7ecf885', system: 'https://example.com/cds-hooks/override-reason-system' },
      userComment: 'A comment entered by the clinician.',
    });
    expect(stored?.acceptedSuggestions).toBeUndefined();
  });

  it('stores an override without a reason (the spec allows a bare dismissal)', async () => {
    const body = { feedback: [{ card: CARD, outcome: 'overridden', outcomeTimestamp: '2020-12-11T00:00:00Z' }] };

    const response = await request(app).post(`/cds-services/${SERVICE}/feedback`).send(body);

    expect(response.status).toBe(200);
    expect(store.feedbackForCard(CARD)[0]?.overrideReason).toBeUndefined();
  });

  it('stores feedback about a card it never issued, flagged as unknown, and still answers 200', async () => {
    const stranger = 'f6b95768-b1c8-40dc-8385-bf3504b82ffb';
    const body = { feedback: [{ card: stranger, outcome: 'overridden', outcomeTimestamp: '2020-12-11T00:00:00Z' }] };

    const response = await request(app).post(`/cds-services/${SERVICE}/feedback`).send(body);

    expect(response.status).toBe(200);
    expect(store.feedbackForCard(stranger).map((f) => f.knownCard)).toEqual([false]);
  });

  it('answers 400 on a body that is not JSON and stores nothing', async () => {
    const response = await request(app)
      .post(`/cds-services/${SERVICE}/feedback`)
      .set('Content-Type', 'application/json')
      .send('{"feedback": [');

    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'the body is not valid JSON' });
    expect(store.feedbackForCard(CARD)).toEqual([]);
  });

  it('answers 400 naming the field when the body breaks the schema', async () => {
    const body = { feedback: [{ card: CARD, outcome: 'dismissed', outcomeTimestamp: '2020-12-11T00:00:00Z' }] };

    const response = await request(app).post(`/cds-services/${SERVICE}/feedback`).send(body);

    expect(response.status).toBe(400);
    expect(response.body.error).toMatch(/^feedback\.0\.outcome: /);
    expect(store.feedbackForCard(CARD)).toEqual([]);
  });

  it('answers 400 for an accepted outcome without acceptedSuggestions', async () => {
    const body = { feedback: [{ card: CARD, outcome: 'accepted', outcomeTimestamp: '2021-12-11T10:05:31Z' }] };

    const response = await request(app).post(`/cds-services/${SERVICE}/feedback`).send(body);

    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'feedback.0.acceptedSuggestions: is required when outcome is accepted' });
  });

  it('answers 400 for an outcome time that is not an RFC 3339 date-time', async () => {
    const body = { feedback: [{ card: CARD, outcome: 'overridden', outcomeTimestamp: '11/12/2021' }] };

    const response = await request(app).post(`/cds-services/${SERVICE}/feedback`).send(body);

    expect(response.status).toBe(400);
    expect(response.body.error).toMatch(/^feedback\.0\.outcomeTimestamp: /);
  });

  it('answers 400 for an override reason whose Coding has no system', async () => {
    const body = {
      feedback: [
        {
          card: CARD,
          outcome: 'overridden',
          overrideReason: { reason: { code: 'x' } },
          outcomeTimestamp: '2020-12-11T00:00:00Z',
        },
      ],
    };

    const response = await request(app).post(`/cds-services/${SERVICE}/feedback`).send(body);

    expect(response.status).toBe(400);
    expect(response.body.error).toMatch(/^feedback\.0\.overrideReason\.reason\.system: /);
  });

  it('stores none of a request when one of its items is bad', async () => {
    const body = {
      feedback: [
        { card: CARD, outcome: 'overridden', outcomeTimestamp: '2020-12-11T00:00:00Z' },
        { card: CARD, outcome: 'accepted', outcomeTimestamp: '2020-12-11T00:00:00Z' },
      ],
    };

    const response = await request(app).post(`/cds-services/${SERVICE}/feedback`).send(body);

    expect(response.status).toBe(400);
    expect(store.feedbackForCard(CARD)).toEqual([]);
  });

  it('answers 404 for a service this server does not have', async () => {
    const body = { feedback: [{ card: CARD, outcome: 'overridden', outcomeTimestamp: '2020-12-11T00:00:00Z' }] };

    const response = await request(app).post('/cds-services/no-such-service/feedback').send(body);

    expect(response.status).toBe(404);
    expect(response.body.error).toContain("no CDS service 'no-such-service'");
  });

  it('answers 413 for a body over the limit', async () => {
    const body = {
      feedback: [
        {
          card: CARD,
          outcome: 'overridden',
          overrideReason: { userComment: 'x'.repeat(3000) },
          outcomeTimestamp: '2020-12-11T00:00:00Z',
        },
      ],
    };

    const response = await request(app).post(`/cds-services/${SERVICE}/feedback`).send(body);

    expect(response.status).toBe(413);
  });

  it('answers 500 without details when the store fails', async () => {
    store.close();
    const body = { feedback: [{ card: CARD, outcome: 'overridden', outcomeTimestamp: '2020-12-11T00:00:00Z' }] };

    const response = await request(app).post(`/cds-services/${SERVICE}/feedback`).send(body);

    expect(response.status).toBe(500);
    expect(response.body).toEqual({ error: 'the feedback could not be stored' });
  });
});
