/**
 * Override reasons offered on comorbidity cards (https://cds-hooks.hl7.org/2.0/#overridereason): the EHR shows them
 * when a clinician dismisses a card, and echoes the chosen Coding in feedback. The feedback store reads them back
 * by this system and code.
 */
import type { CdsCoding } from '../cards/card-schema';

/** Code system of our override reasons (a URN: it names the codes, it is not a web address). */
export const OVERRIDE_REASON_SYSTEM = 'urn:medtvt-fhir:CodeSystem:cds-override-reason';

/** The reasons, each with the display the spec requires. */
export const OVERRIDE_REASONS: readonly (CdsCoding & { display: string })[] = [
  { system: OVERRIDE_REASON_SYSTEM, code: 'already-documented', display: 'Already documented or being managed' },
  {
    system: OVERRIDE_REASON_SYSTEM,
    code: 'not-clinically-supported',
    display: 'Not supported by the clinical picture',
  },
  { system: OVERRIDE_REASON_SYSTEM, code: 'data-not-representative', display: 'Data outdated or not representative' },
  { system: OVERRIDE_REASON_SYSTEM, code: 'review-later', display: 'Will review later' },
];
