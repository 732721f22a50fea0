import { LruByteCache, type EcgRecording, type MultimodalRecord } from '../../shared';
import { generateEcg } from '../../synth/ecg';
import { Random } from '../../synth/random';
import { MODEL_CACHE_REGIONS } from '../cache/model-cache-regions';
import { createAssessor } from './create-assessor';
import { FakePerceptionModel } from './testing/fake-perception-model';

const NOW = new Date('2026-03-01T08:00:00Z');

/** A noise-free synthetic ECG (atrial fibrillation at 110 bpm, so rhythm, rate and intervals all have evidence). */
function ecg(reference: string): EcgRecording {
  const { recording } = generateEcg(
    new Random('assessor-cache-test'),
    {
      sex: 'female',
      ageYears: 80,
      rhythm: 'atrial-fibrillation',
      heartRateBpm: 110,
      lvh: false,
      lvhStrain: false,
      potassiumMeqL: 4.2,
    },
    { noiseFree: true },
  );
  return { ...recording, provenance: { source: 'fhir', references: [reference] } };
}

function record(ecgRecording: EcgRecording): MultimodalRecord {
  return { patientId: 'p-1', issues: [], provenance: { source: 'fhir', references: [] }, ecg: ecgRecording };
}

function assessor(cache?: LruByteCache) {
  return createAssessor({
    model: new FakePerceptionModel({ probabilities: { 'atrial-fibrillation': 0.9 } }),
    now: () => NOW,
    idFactory: () => 'assessment-1',
    ...(cache ? { cache } : {}),
  });
}

describe('createAssessor with a cache', () => {
  it('a measurement hit gives the same findings as a miss and as no cache, with this resource as the source', async () => {
    const cache = new LruByteCache(64 * 1024 * 1024);
    const cached = assessor(cache);

    const miss = await cached.assess(record(ecg('Observation/ecg-1')));
    const hit = await cached.assess(record(ecg('Observation/ecg-2')));
    const reference = await assessor().assess(record(ecg('Observation/ecg-2')));

    // The uncached assessor is the reference (measureEcg's own tests check it against PTB-XL, MIT-BIH and truth).
    const ecgItems = (a: typeof hit) => a.findings.flatMap((f) => f.evidence.filter((e) => e.modality === 'ecg'));
    expect(ecgItems(reference).length).toBeGreaterThan(3);
    expect(hit.findings).toEqual(reference.findings);
    expect(ecgItems(miss).map(({ source: _s, ...rest }) => rest)).toEqual(
      ecgItems(hit).map(({ source: _s, ...rest }) => rest),
    );
    expect(
      ecgItems(hit)
        .filter((e) => e.source)
        .every((e) => e.source === 'Observation/ecg-2'),
    ).toBe(true);
    expect(cache.stats().regions[MODEL_CACHE_REGIONS.ecgMeasurements]).toMatchObject({ hits: 1, misses: 1 });
  });

  it('measures again when one sample changes', async () => {
    const cache = new LruByteCache(64 * 1024 * 1024);
    const cached = assessor(cache);
    const changed = ecg('Observation/ecg-1');
    const lead = changed.leads[0];
    if (!lead) throw new Error('no lead');
    changed.leads[0] = { ...lead, samples: lead.samples.slice() };
    changed.leads[0].samples[100] = (changed.leads[0].samples[100] ?? 0) + 0.01;

    await cached.assess(record(ecg('Observation/ecg-1')));
    await cached.assess(record(changed));

    expect(cache.stats().regions[MODEL_CACHE_REGIONS.ecgMeasurements]).toMatchObject({
      hits: 0,
      misses: 2,
      entries: 2,
    });
  });
});
