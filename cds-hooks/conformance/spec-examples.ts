/**
 * The JSON examples of the CDS Hooks 2.0 specification, copied verbatim (examples from a specification, reproduced
 * for conformance tests). Source: https://cds-hooks.hl7.org/2.0/ — text as in cds-hooks/docs
 * `docs/specification/current.md` (commit 00362808de26c5da02ebda18c244490c176dcd4d), whose wording
 * ../shared/reference/fhir-facts.md §4 records as identical to HL7/cds-hooks v2.0.1 `input/pagecontent/index.md`.
 * Section names are the spec's.
 */

/** "Discovery Example". */
export const DISCOVERY_EXAMPLE = {
  services: [
    {
      hook: 'patient-view',
      title: 'Static CDS Service Example',
      description: 'An example of a CDS Service that returns a static set of cards',
      id: 'static-patient-greeter',
      prefetch: {
        patientToGreet: 'Patient/{{context.patientId}}',
      },
    },
    {
      hook: 'order-select',
      title: 'Order Echo CDS Service',
      description: 'An example of a CDS Service that simply echoes the order(s) being placed',
      id: 'order-echo',
      prefetch: {
        patient: 'Patient/{{context.patientId}}',
        medications: 'MedicationRequest?patient={{context.patientId}}',
      },
    },
  ],
};

/** "Extensions": an extension defined on the discovery response. */
export const DISCOVERY_EXTENSION_EXAMPLE = {
  services: [
    {
      title: 'Example CDS Service Discovery',
      hook: 'patient-view',
      id: 'patientview',
      prefetch: {
        patient: 'Patient/{{context.patientId}}',
      },
      description: 'clinical decision support for patient view',
      extension: {
        'example-client-conformance': 'http://hooks.example.org/fhir/102/Conformance/patientview',
      },
    },
  ],
};

/** "Calling a CDS Service", "Example". */
export const REQUEST_EXAMPLE = {
  hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
  fhirServer: 'http://hooks.smarthealthit.org:9080',
  hook: 'patient-view',
  fhirAuthorization: {
    access_token: 'some-opaque-fhir-access-token',
    token_type: 'Bearer',
    expires_in: 300,
    scope: 'patient/Patient.read patient/Observation.read',
    subject: 'cds-service4',
  },
  context: {
    userId: 'Practitioner/example',
    patientId: '1288992',
    encounterId: '89284',
  },
  prefetch: {
    patientToGreet: {
      resourceType: 'Patient',
      gender: 'male',
      birthDate: '1925-12-23',
      id: '1288992',
      active: true,
    },
  },
};

/** "Extensions": an extension on a request. */
export const REQUEST_EXTENSION_EXAMPLE = {
  hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
  fhirServer: 'http://fhir.example.org:9080',
  hook: 'patient-view',
  context: {
    userId: 'Practitioner/example',
  },
  extension: {
    'com.example.timestamp': '2017-11-27T22:13:25Z',
    'com.cds-hooks.sandbox.myextension-practitionerspecialty': 'gastroenterology',
  },
};

/** "Passing the Access Token to the CDS Service": the `fhirAuthorization` example. */
export const FHIR_AUTHORIZATION_EXAMPLE = {
  access_token: 'some-opaque-fhir-access-token',
  token_type: 'Bearer',
  expires_in: 300,
  scope: 'patient/Patient.read patient/Observation.read',
  subject: 'cds-service4',
};

/** "HTTP Response": the response when no decision support is necessary. */
export const NO_GUIDANCE_EXAMPLE = { cards: [] };

/** "CDS Service Response", "Example". */
export const RESPONSE_EXAMPLE = {
  cards: [
    {
      uuid: '4e0a3a1e-3283-4575-ab82-028d55fe2719',
      summary: 'Example Card',
      indicator: 'info',
      detail: 'This is an example card.',
      source: {
        label: 'Static CDS Service Example',
        url: 'https://example.com',
        icon: 'https://example.com/img/icon-100px.png',
      },
      links: [
        {
          label: 'Google',
          url: 'https://google.com',
          type: 'absolute',
        },
        {
          label: 'Github',
          url: 'https://github.com',
          type: 'absolute',
        },
        {
          label: 'SMART Example App',
          url: 'https://smart.example.com/launch',
          type: 'smart',
          appContext: '{"session":3456356,"settings":{"module":4235}}',
        },
      ],
    },
    {
      summary: 'Another card',
      indicator: 'warning',
      source: {
        label: 'Static CDS Service Example',
      },
      overrideReasons: [
        {
          code: 'reason-code-provided-by-service',
          system: 'http://example.org/cds-services/fhir/CodeSystem/override-reasons',
          display: 'Patient refused',
        },
        {
          code: '12354',
          system: 'http://example.org/cds-services/fhir/CodeSystem/override-reasons',
          display: 'Contraindicated',
        },
      ],
    },
  ],
};

/** "Source": the example `source`. */
export const SOURCE_EXAMPLE = {
  label: 'Zika Virus Management',
  url: 'https://example.com/cdc-zika-virus-mgmt',
  icon: 'https://example.com/cdc-zika-virus-mgmt/100.png',
  topic: {
    system: 'http://example.org/cds-services/fhir/CodeSystem/topics',
    code: '12345',
    display: 'Mosquito born virus',
  },
};

/** "Action": the create, update and delete examples. */
export const ACTION_EXAMPLES = [
  {
    type: 'create',
    description: 'Create a prescription for Acetaminophen 250 MG',
    resource: {
      resourceType: 'MedicationRequest',
      id: 'medrx001',
      '...': '<snipped for brevity>',
    },
  },
  {
    type: 'update',
    description: 'Update the order to record the appropriateness score',
    resource: {
      resourceType: 'ServiceRequest',
      id: 'procedure-request-1',
      '...': '<snipped for brevity>',
    },
  },
  {
    type: 'delete',
    description: 'Remove the inappropriate order',
    resourceId: 'ServiceRequest/procedure-request-1',
  },
];

/** "Reasons for rejecting a card": the `overrideReasons` example. */
export const OVERRIDE_REASONS_EXAMPLE = [
  {
    code: 'reason-code-provided-by-service',
    system: 'http://example.org/cds-services/fhir/CodeSystem/override-reasons',
    display: 'Patient refused',
  },
  {
    code: '12354',
    system: 'http://example.org/cds-services/fhir/CodeSystem/override-reasons',
    display: 'Contraindicated',
  },
];

/**
 * "System Action": the example. Its action has no `description`, which the Action table makes REQUIRED (and
 * HL7/cds-hooks invariant cds-resp-5 checks): the example breaks the spec's own rule, and our schema says so.
 */
export const SYSTEM_ACTIONS_EXAMPLE = {
  cards: [],
  systemActions: [
    {
      type: 'update',
      resource: {
        resourceType: 'ServiceRequest',
        id: 'example-MRI-59879846',
        '...': '<snipped for brevity',
      },
    },
  ],
};
