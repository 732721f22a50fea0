/** The shape both sides of the lab comparison are reduced to: one admission's diseases and first lab values. */
import type { DiseaseId, LabId } from '../../shared';

export interface LabCohortMember {
  /** The 7-category diseases of the admission. */
  diseases: ReadonlySet<DiseaseId>;
  /** One value per measured lab, in the catalogue unit; a missing key = not measured. */
  labs: Partial<Record<LabId, number>>;
}
