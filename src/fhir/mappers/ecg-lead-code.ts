/**
 * Which ECG lead(s) a CodeableConcept names.
 *
 * MDC codes come in two systems (`urn:iso:std:iso:11073:10101` and its OID `urn:oid:2.16.840.1.113883.6.24`) and two
 * families (`MDC_ECG_ELEC_POTL_*` 131329… used by the FHIR "ekg" example, `MDC_ECG_LEAD_*` 131073… of DICOM CID 3001
 * and aECG), written as numbers or as reference-id strings (../shared/reference/fhir-facts.md §1.3, G6). A coding
 * in another system, or a display / text such as "Lead I", is used only when no MDC coding names a lead.
 */
import type { CodeableConcept } from '@medplum/fhirtypes';
import { leadFromMdcCode, MDC_SYSTEMS, normaliseLeadName, type EcgLeadName } from '../../shared/index';

/** The generic codes "MDC_ECG_ELEC_POTL" (131328) and "unspecified lead" (131072): an ECG, but no lead. */
export const MDC_GENERIC_ECG_CODES: readonly string[] = ['131328', '131072', 'MDC_ECG_ELEC_POTL'];

function isMdcSystem(system: string | undefined): boolean {
  return system !== undefined && (MDC_SYSTEMS as readonly string[]).includes(system.trim());
}

/**
 * The distinct leads a concept names, in coding order. Several codings naming the same lead (one per MDC family)
 * count once; an empty result means the concept names no standard lead.
 */
export function leadsFromConcept(concept: CodeableConcept | undefined): EcgLeadName[] {
  if (!concept) return [];
  const codings = concept.coding ?? [];
  const fromMdc = unique(
    codings.filter((c) => isMdcSystem(c.system) && c.code).map((c) => leadFromMdcCode(c.code as string)),
  );
  if (fromMdc.length > 0) return fromMdc;
  // Unknown or absent system: an MDC code string or number still identifies the lead unambiguously.
  const fromCodes = unique(codings.filter((c) => c.code && !isMdcSystem(c.system)).map((c) => mdcOrLabel(c.code)));
  if (fromCodes.length > 0) return fromCodes;
  const labels = [...codings.map((c) => c.display), concept.text];
  return unique(labels.map((label) => (label ? normaliseLeadName(label) : undefined)));
}

function mdcOrLabel(code: string | undefined): EcgLeadName | undefined {
  if (!code) return undefined;
  return leadFromMdcCode(code) ?? (/^MDC_/i.test(code) ? undefined : normaliseLeadName(code));
}

function unique(names: readonly (EcgLeadName | undefined)[]): EcgLeadName[] {
  const out: EcgLeadName[] = [];
  for (const name of names) if (name && !out.includes(name)) out.push(name);
  return out;
}

/** A short description of a concept for error messages: codes only, never free text from the record. */
export function describeConcept(concept: CodeableConcept | undefined): string {
  const codes = (concept?.coding ?? []).map((c) => `${c.system ?? '(no system)'}|${c.code ?? '(no code)'}`);
  return codes.length > 0 ? codes.join(', ') : '(no coding)';
}
