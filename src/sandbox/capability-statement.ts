/**
 * The sandbox's CapabilityStatement (https://hl7.org/fhir/R4/capabilitystatement.html), generated from the schema
 * Medplum indexed: every R4 resource type, the interactions the sandbox routes, and for each type the search
 * parameters its in-memory matcher can evaluate (see MATCHABLE_PARAM_TYPES). Medplum's FhirRouter has no
 * `/metadata` of its own.
 */
import { getResourceTypes, getSearchParameters } from '@medplum/core';
import type {
  CapabilityStatement,
  CapabilityStatementRestResource,
  CapabilityStatementRestResourceSearchParam,
} from '@medplum/fhirtypes';
import { MATCHABLE_PARAM_TYPES } from './search-query';

const TYPE_INTERACTIONS: CapabilityStatementRestResource['interaction'] = [
  { code: 'read' },
  { code: 'vread' },
  { code: 'update' },
  { code: 'patch' },
  { code: 'delete' },
  { code: 'history-instance' },
  { code: 'create' },
  { code: 'search-type' },
];

/**
 * Builds the CapabilityStatement.
 * @param baseUrl - Public FHIR base URL (`implementation.url`).
 * @param software - Name and version reported in `software`.
 */
export function buildCapabilityStatement(
  baseUrl: string,
  software: { name: string; version: string },
): CapabilityStatement {
  const resource = getResourceTypes()
    .sort()
    .map((type): CapabilityStatementRestResource => {
      const params = Object.values(getSearchParameters(type) ?? {}).filter(
        (param) => param.type !== undefined && MATCHABLE_PARAM_TYPES.has(param.type),
      );
      const searchParam = params.map((param): CapabilityStatementRestResourceSearchParam => ({
        name: param.code ?? param.name,
        definition: param.url,
        type: param.type,
      }));
      return {
        type,
        interaction: TYPE_INTERACTIONS,
        versioning: 'versioned',
        readHistory: true,
        updateCreate: true,
        conditionalCreate: true,
        searchInclude: params.filter((param) => param.type === 'reference').map((param) => `${type}:${param.code}`),
        searchParam,
      };
    });
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString(),
    kind: 'instance',
    software,
    implementation: { description: 'MedTVT-FHIR embedded EHR sandbox (in-memory)', url: baseUrl },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'In-memory FHIR R4 server for development. No authentication. Search pages with _count/_offset; ' +
          'Binary content is served raw unless FHIR JSON is requested.',
        resource,
        interaction: [{ code: 'transaction' }, { code: 'batch' }, { code: 'search-system' }],
      },
    ],
  };
}
