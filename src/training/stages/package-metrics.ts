/** The evaluation table in the manifest's metric-set shape: metric name → number, macro and per disease. */
import { DISEASE_IDS, type DiseaseId } from '../../shared';
import type { DiseaseMetricsTable } from '../metrics/disease-metrics';

export interface ManifestMetricSet {
  macro: Record<string, number>;
  perDisease: Partial<Record<DiseaseId, Record<string, number>>>;
}

/** Flattens a table for manifest.json (NaN, which JSON cannot hold, becomes -1 and is named in `undefinedMetrics`). */
export function toManifestMetrics(table: DiseaseMetricsTable): ManifestMetricSet {
  const clean = (record: Record<string, number>) =>
    Object.fromEntries(Object.entries(record).map(([k, v]) => [k, Number.isFinite(v) ? v : -1]));
  const e = table.exampleBased;
  return {
    macro: clean({
      ...table.macro,
      samples: table.samples,
      exampleBasedPrecision: e.precision,
      exampleBasedRecall: e.recall,
      exampleBasedF1: e.f1,
      binaryAuc: e.binaryAuc,
    }),
    perDisease: Object.fromEntries(DISEASE_IDS.map((id) => [id, clean({ ...table.perDisease[id] })])),
  };
}
