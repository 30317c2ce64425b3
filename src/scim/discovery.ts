import { GROUP_SCHEMA } from './groups.ts';
import { LIST_RESPONSE_SCHEMA, MAX_RESULTS } from './list.ts';
import { ENTERPRISE_USER_SCHEMA } from './patch.ts';
import { USER_SCHEMA } from './user-resource.ts';

// RFC 7644 §4 discovery: what this SCIM endpoint supports (RFC 7643 §5–7 describe the documents).

export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'Bearer secret',
        description:
          "The provider's SCIM secret from DeskGate's Settings → OIDC, sent as Authorization: Bearer.",
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}

export function resourceTypes(baseUrl: string) {
  const types = [
    {
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      schema: USER_SCHEMA,
      extensions: [ENTERPRISE_USER_SCHEMA],
    },
    { id: 'Group', name: 'Group', endpoint: '/Groups', schema: GROUP_SCHEMA, extensions: [] },
  ].map(({ extensions, ...t }) => ({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
    ...t,
    schemaExtensions: extensions.map((schema) => ({ schema, required: false })),
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${t.id}` },
  }));
  return list(types);
}

const attribute = (name: string, type = 'string', extra: Record<string, unknown> = {}) => ({
  name,
  type,
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...extra,
});

const multi = (name: string, subs: ReturnType<typeof attribute>[]) =>
  attribute(name, 'complex', { multiValued: true, subAttributes: subs });

export function schemas(baseUrl: string) {
  const typed = [attribute('value'), attribute('type'), attribute('primary', 'boolean')];
  const docs = [
    {
      id: USER_SCHEMA,
      name: 'User',
      attributes: [
        attribute('userName', 'string', { required: true, uniqueness: 'server' }),
        attribute('externalId', 'string', { caseExact: true }),
        attribute('name', 'complex', {
          subAttributes: ['formatted', 'familyName', 'givenName'].map((n) => attribute(n)),
        }),
        attribute('displayName'),
        attribute('title'),
        attribute('active', 'boolean'),
        multi('emails', typed),
        multi('phoneNumbers', typed),
        multi('addresses', [
          attribute('type'),
          attribute('formatted'),
          attribute('locality'),
          attribute('country'),
        ]),
      ],
    },
    {
      id: ENTERPRISE_USER_SCHEMA,
      name: 'EnterpriseUser',
      attributes: [
        attribute('employeeNumber'),
        attribute('department'),
        attribute('organization'),
        attribute('manager', 'complex', { subAttributes: [attribute('value')] }),
      ],
    },
    {
      id: GROUP_SCHEMA,
      name: 'Group',
      attributes: [
        attribute('displayName', 'string', { required: true }),
        attribute('externalId', 'string', { caseExact: true }),
        multi('members', [attribute('value', 'string', { mutability: 'immutable' })]),
      ],
    },
  ];
  return list(
    docs.map((d) => ({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
      ...d,
      meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${d.id}` },
    })),
  );
}

function list<T>(resources: T[]) {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: resources.length,
    startIndex: 1,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
