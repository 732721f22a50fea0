/** How cards name the modalities: "ECG, labs; no CXR", "labs; ECG unreadable, no CXR". */
import { MODALITIES, type Assessment, type Modality } from '../../src/shared';

/** Short modality names for summaries and tables. */
export const MODALITY_NAMES: Readonly<Record<Modality, string>> = { ecg: 'ECG', cxr: 'CXR', labs: 'labs' };

/** Whether the assessment left this modality out because it could not be read (rather than because it was absent). */
export function wasUnreadable(assessment: Assessment, modality: Modality): boolean {
  return (
    assessment.modalities.missing.includes(modality) &&
    assessment.issues.some((issue) => issue.modality === modality && issue.kind === 'unreadable')
  );
}

/**
 * The used modalities, then the missing ones each with why: "ECG, labs; no CXR", "labs; ECG unreadable, no CXR".
 *
 * @param assessment - the assessment whose modalities to name
 */
export function modalityPhrase(assessment: Assessment): string {
  const used = MODALITIES.filter((m) => assessment.modalities.used.includes(m)).map((m) => MODALITY_NAMES[m]);
  const missing = MODALITIES.filter((m) => assessment.modalities.missing.includes(m)).map((m) =>
    wasUnreadable(assessment, m) ? `${MODALITY_NAMES[m]} unreadable` : `no ${MODALITY_NAMES[m]}`,
  );
  const usedText = used.length > 0 ? used.join(', ') : 'no modality';
  return missing.length > 0 ? `${usedText}; ${missing.join(', ')}` : usedText;
}
