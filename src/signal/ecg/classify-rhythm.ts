/**
 * A heuristic rhythm call from RR irregularity and the presence of P waves: what a reader checks first for atrial
 * fibrillation ("irregularly irregular, no P waves"). It is a screening aid for the evidence chain, not a
 * diagnosis, and says 'undetermined' whenever the two signs disagree.
 *
 * The irregularity cut-offs follow Dash et al. (Ann Biomed Eng 2009;37:1701), who separated AF from sinus rhythm
 * with a normalised RMSSD above 0.1 on short RR series; a coefficient of variation is required as well so that a
 * single ectopic beat, which gives one large successive difference, is less often called AF.
 */
import type { EcgRhythmCall } from './ecg-measurement-result';

/** Fewest RR intervals for a call (7 beats: under 10 s at 45 bpm). */
const MIN_RR_INTERVALS = 6;
/** Irregular: both indices at or above these; regular: both below the lower ones. */
const IRREGULAR_RMSSD = 0.1;
const IRREGULAR_CV = 0.08;
const REGULAR_RMSSD = 0.06;

export interface RhythmEvidence {
  rrIntervalCount: number;
  normalisedRmssd?: number;
  coefficientOfVariation?: number;
  /** Whether the median beat has a P wave before the QRS. */
  pWave: boolean;
}

/** The rhythm call and, when 'undetermined', why. */
export function classifyRhythm(evidence: RhythmEvidence): { rhythm: EcgRhythmCall; reason?: string } {
  const { rrIntervalCount, normalisedRmssd: rmssd, coefficientOfVariation: cv, pWave } = evidence;
  if (rrIntervalCount < MIN_RR_INTERVALS || rmssd === undefined || cv === undefined) {
    return { rhythm: 'undetermined', reason: `fewer than ${MIN_RR_INTERVALS} RR intervals` };
  }
  const irregular = rmssd >= IRREGULAR_RMSSD && cv >= IRREGULAR_CV;
  const regular = rmssd < REGULAR_RMSSD;
  if (irregular && !pWave) return { rhythm: 'atrial-fibrillation' };
  if (!irregular && pWave) return { rhythm: 'sinus' };
  if (irregular)
    return { rhythm: 'undetermined', reason: 'irregular RR intervals but P waves present (ectopic beats?)' };
  return {
    rhythm: 'undetermined',
    reason: regular
      ? 'regular RR intervals without a P wave'
      : 'RR intervals neither regular nor clearly irregular, no P wave',
  };
}
