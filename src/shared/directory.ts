import { type Static, Type } from '@sinclair/typebox';

/**
 * What a provider's page shows for directory sync and IdP-started logout (issue 12): the URLs to register at
 * the IdP, and whether a SCIM secret exists (the secret itself is shown once, when generated).
 */
export const ProviderDirectory = Type.Object({
  /** Entra's "Tenant URL". */
  scimTenantUrl: Type.String(),
  /** When the current SCIM secret was generated; null when there is none. */
  scimTokenCreatedAt: Type.Union([Type.Integer(), Type.Null()]),
  backchannelLogoutUrl: Type.String(),
  /** Entra's "Front-channel logout URL". */
  frontchannelLogoutUrl: Type.String(),
});
export type ProviderDirectory = Static<typeof ProviderDirectory>;

/** A freshly generated SCIM secret (Entra's "Secret Token"): shown once, stored only as a hash. */
export const ScimTokenIssued = Type.Object({
  token: Type.String(),
  scimTenantUrl: Type.String(),
  createdAt: Type.Integer(),
});
export type ScimTokenIssued = Static<typeof ScimTokenIssued>;
