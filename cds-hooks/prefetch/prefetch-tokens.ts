/**
 * Prefetch token replacement as a CDS client does it (https://cds-hooks.hl7.org/2.0/#prefetch-tokens): the tests
 * build their prefetch this way, and so will the sandbox's EHR page.
 *
 * Tokens: `{{context.<field>}}` for a root-level primitive context field, and `{{userPractitionerId}}`,
 * `{{userPractitionerRoleId}}`, `{{userPatientId}}`, `{{userRelatedPersonId}}`, which are the id part of
 * `context.userId` when it names a resource of that type.
 */

const TOKEN = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g;

const USER_TOKENS: Readonly<Record<string, string>> = {
  userPractitionerId: 'Practitioner',
  userPractitionerRoleId: 'PractitionerRole',
  userPatientId: 'Patient',
  userRelatedPersonId: 'RelatedPerson',
};

/**
 * The relative FHIR URL of a template for this context, or undefined when a token cannot be filled (the field is
 * missing or not a primitive): the client then cannot satisfy the template and must leave the key out.
 *
 * @param template - e.g. `Observation?patient={{context.patientId}}&code=4548-4`
 * @param context - the hook's `context`
 */
export function resolvePrefetchTemplate(
  template: string,
  context: Readonly<Record<string, unknown>>,
): string | undefined {
  let unresolved = false;
  const url = template.replace(TOKEN, (_match, name: string) => {
    const value = tokenValue(name, context);
    if (value === undefined) {
      unresolved = true;
      return '';
    }
    return encodeURIComponent(value);
  });
  return unresolved ? undefined : url;
}

function tokenValue(name: string, context: Readonly<Record<string, unknown>>): string | undefined {
  if (name.startsWith('context.')) {
    const field = name.slice('context.'.length);
    if (field.includes('.')) return undefined;
    const value = context[field];
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : undefined;
  }
  const type = USER_TOKENS[name];
  const userId = context['userId'];
  if (type === undefined || typeof userId !== 'string') return undefined;
  const [userType, id] = userId.split('/');
  return userType === type && id ? id : undefined;
}
