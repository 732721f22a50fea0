/**
 * Completion of the limb leads from leads I and II.
 *
 * The six limb leads carry only two independent signals. Einthoven: III = II − I. Goldberger (augmented leads):
 * aVR = −(I + II)/2, aVL = I − II/2, aVF = II − I/2. A source that sends only I and II (or I, II, V1–V6, as some
 * devices store 8 leads) can thus be completed to the 12 leads the model expects, and the result says so.
 */
import { MODEL_LEAD_ORDER, type EcgLead, type EcgLeadName } from '../../shared/index';

export const DERIVABLE_LEADS: readonly EcgLeadName[] = ['III', 'aVR', 'aVL', 'aVF'];

const FORMULAS: Record<string, (i: number, ii: number) => number> = {
  III: (i, ii) => ii - i,
  aVR: (i, ii) => -(i + ii) / 2,
  aVL: (i, ii) => i - ii / 2,
  aVF: (i, ii) => ii - i / 2,
};

/**
 * Adds whichever of III, aVR, aVL, aVF is missing, computed from I and II.
 *
 * @returns the completed leads and the names that were derived (empty when I or II is missing or nothing was absent)
 */
export function deriveLimbLeads(leads: readonly EcgLead[]): { leads: EcgLead[]; derived: EcgLeadName[] } {
  const leadI = leads.find((lead) => lead.name === 'I');
  const leadII = leads.find((lead) => lead.name === 'II');
  const present = new Set(leads.map((lead) => lead.name));
  const missing = DERIVABLE_LEADS.filter((name) => !present.has(name));
  if (!leadI || !leadII || missing.length === 0 || leadI.samples.length !== leadII.samples.length) {
    return { leads: [...leads], derived: [] };
  }
  const added = missing.map((name): EcgLead => {
    const formula = FORMULAS[name] as (i: number, ii: number) => number;
    const samples = new Float32Array(leadI.samples.length);
    for (let k = 0; k < samples.length; k++) {
      samples[k] = formula(leadI.samples[k] as number, leadII.samples[k] as number);
    }
    return { name, samples };
  });
  return { leads: [...leads, ...added], derived: missing };
}

/** The statement recorded on the recording so that derived leads are never mistaken for recorded ones. */
export function derivedLeadsStatement(derived: readonly EcgLeadName[]): string {
  return `Leads ${derived.join(', ')} derived from leads I and II (Einthoven/Goldberger); not recorded by the device.`;
}

/**
 * Leads as the rest of the product wants them: missing limb leads derived from I and II, sorted to
 * MODEL_LEAD_ORDER, with the statement to record when something was derived.
 */
export function completeLeads(leads: readonly EcgLead[]): { leads: EcgLead[]; statement?: string } {
  const { leads: completed, derived } = deriveLimbLeads(leads);
  const ordered = completed.sort((a, b) => MODEL_LEAD_ORDER.indexOf(a.name) - MODEL_LEAD_ORDER.indexOf(b.name));
  return derived.length > 0 ? { leads: ordered, statement: derivedLeadsStatement(derived) } : { leads: ordered };
}
