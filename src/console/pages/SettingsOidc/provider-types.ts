import type { ProviderType } from '../../../shared/sso.ts';

/** Each provider type by the name its vendor uses, for the type picker and the providers list. */
export const TYPE_LABELS: Record<ProviderType, string> = {
  oidc: 'OpenID Connect',
  entra: 'Microsoft Entra ID',
  google: 'Google',
  okta: 'Okta',
  keycloak: 'Keycloak',
  authentik: 'Authentik',
  auth0: 'Auth0',
  gitlab: 'GitLab',
  github: 'GitHub',
};
