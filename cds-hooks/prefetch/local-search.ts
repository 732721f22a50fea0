/**
 * Applies a FHIR search to prefetched resources, for the parameters src/fhir's readers use: `patient`/`subject`,
 * `code`/`type` tokens (comma = OR, `system|code` or `code`), `date` with `ge`/`gt`/`le`/`lt`/`eq` on the
 * resource's clinical time, and `clinical-status`. `_count`, `_sort` and `_include` change no match and are
 * skipped. Any other parameter makes the search unanswerable here (undefined), so that a filter is never dropped
 * silently: the caller then asks the FHIR server or reports the data as unavailable.
 */
import type { CodeableConcept, Reference, Resource } from '@medplum/fhirtypes';
import type { SearchParams } from '../../src/fhir/fhir-gateway';

export type LocalMatch = (resource: Resource) => boolean;

const CONTROL = new Set(['_count', '_sort', '_include']);

/**
 * A predicate for the search, or undefined when a parameter cannot be applied to prefetched resources.
 *
 * @param params - the search parameters, as given to FhirGateway.search
 */
export function localSearchFilter(params: SearchParams): LocalMatch | undefined {
  const tests: LocalMatch[] = [];
  for (const [name, raw] of Object.entries(params)) {
    if (CONTROL.has(name)) continue;
    for (const value of typeof raw === 'object' ? raw : [String(raw)]) {
      const test = parameterTest(name, value);
      if (!test) return undefined;
      tests.push(test);
    }
  }
  return (resource) => tests.every((test) => test(resource));
}

function parameterTest(name: string, value: string): LocalMatch | undefined {
  switch (name) {
    case 'patient':
    case 'subject':
      return (resource) => refersToPatient(resource, value);
    case 'code':
    case 'type': {
      const matches = tokenTest(value);
      return (resource) => matches(conceptsOf(resource, name));
    }
    case 'clinical-status': {
      const matches = tokenTest(value);
      return (resource) => matches(conceptsOf(resource, 'clinicalStatus'));
    }
    case 'date':
      return dateTest(value);
    default:
      return undefined;
  }
}

/** True when the resource's subject (or patient) is `Patient/<id>`, relative or absolute. */
export function refersToPatient(resource: Resource, patient: string): boolean {
  const id = patient.replace(/^Patient\//, '');
  const holder = resource as { subject?: Reference; patient?: Reference };
  const reference = holder.subject?.reference ?? holder.patient?.reference;
  if (resource.resourceType === 'Patient') return resource.id === id;
  return reference === `Patient/${id}` || (reference?.endsWith(`/Patient/${id}`) ?? false);
}

function conceptsOf(resource: Resource, element: string): CodeableConcept[] {
  const value = (resource as unknown as Record<string, unknown>)[element];
  if (Array.isArray(value)) return value as CodeableConcept[];
  return typeof value === 'object' && value !== null ? [value as CodeableConcept] : [];
}

/**
 * A token test (comma = OR of `system|code`, `|code` for no system, or `code` for any system), parsed once per search
 * rather than per resource: the lab search names 50 codes and is applied to every prefetched lab.
 */
function tokenTest(value: string): (concepts: readonly CodeableConcept[]) => boolean {
  // code → the systems asked for it (undefined: any system; '': no system).
  const systemsByCode = new Map<string, (string | undefined)[]>();
  for (const token of value.split(',')) {
    const bar = token.indexOf('|');
    const code = bar < 0 ? token : token.slice(bar + 1);
    const systems = systemsByCode.get(code) ?? [];
    systems.push(bar < 0 ? undefined : token.slice(0, bar));
    systemsByCode.set(code, systems);
  }
  return (concepts) =>
    concepts.some((concept) =>
      (concept.coding ?? []).some((coding) => {
        const systems = coding.code === undefined ? undefined : systemsByCode.get(coding.code);
        return (
          systems?.some((system) =>
            system === undefined ? true : system === '' ? !coding.system : coding.system === system,
          ) ?? false
        );
      }),
    );
}

/** `date` on the clinical time: Observation effective/issued, DiagnosticReport effective/issued, DocumentReference date. */
function dateTest(value: string): LocalMatch | undefined {
  const prefix = /^(eq|ge|gt|le|lt)/.exec(value)?.[1] ?? 'eq';
  const bound = Date.parse(value.replace(/^(eq|ge|gt|le|lt)/, ''));
  if (Number.isNaN(bound)) return undefined;
  return (resource) => {
    const time = Date.parse(clinicalTime(resource) ?? '');
    if (Number.isNaN(time)) return false;
    switch (prefix) {
      case 'ge':
        return time >= bound;
      case 'gt':
        return time > bound;
      case 'le':
        return time <= bound;
      case 'lt':
        return time < bound;
      default:
        return time === bound;
    }
  };
}

function clinicalTime(resource: Resource): string | undefined {
  switch (resource.resourceType) {
    case 'Observation':
      return (
        resource.effectiveDateTime ?? resource.effectiveInstant ?? resource.effectivePeriod?.start ?? resource.issued
      );
    case 'DiagnosticReport':
      return resource.effectiveDateTime ?? resource.effectivePeriod?.start ?? resource.issued;
    case 'DocumentReference':
      return resource.date;
    default:
      return undefined;
  }
}
