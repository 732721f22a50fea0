/** One row of the ablation table: what was trained, what it was evaluated with, and its held-out test metrics. */
import type { Modality } from '../../shared';
import type { DiseaseMetricsTable } from '../metrics/disease-metrics';

export interface AblationResult {
  /** Short key, e.g. `retrained:ecg+labs`, `masked:cxr`, `concat`. */
  name: string;
  description: string;
  /** Modalities present at evaluation. */
  modalities: Modality[];
  /** `retrained`: fusion stage trained again with only these modalities / this switch; `masked`: the shipped model. */
  kind: 'retrained' | 'masked';
  test: DiseaseMetricsTable;
}
