import { opensToAnyTenant } from '../../../shared/entra-tenants.ts';
import {
  BUTTON_LABEL_MAX,
  GITHUB_ISSUER,
  PROVIDER_NAME_PATTERN,
  type Provider,
  type ProviderCreate,
  type ProviderType,
} from '../../../shared/sso.ts';
import { isIsoDate } from '../../components/date-text.ts';

// The New auth provider / edit form's state and its rules, kept apart from the markup so each section
// file stays small. Lists are edited one per line and become arrays only when saved.

/** The lists the form edits as one-per-line text. */
const LIST_FIELDS = [
  'extraAudiences',
  'allowedEmailDomains',
  'allowedGroups',
  'adminGroups',
  'allowedTenants',
] as const;
type ListField = (typeof LIST_FIELDS)[number];

type Settings = Omit<
  Provider,
  'id' | 'hasClientSecret' | 'callbackOrigin' | 'createdAt' | 'updatedAt' | 'clientSecretExpiresAt'
>;
export type ProviderDraft = Omit<Settings, ListField> &
  Record<ListField, string> & {
    /** Write-only; empty on edit keeps the stored secret. */
    clientSecret: string;
    /** `YYYY-MM-DD` as a date input gives it; empty when unknown. */
    clientSecretExpires: string;
  };
export type SetDraft = <K extends keyof ProviderDraft>(key: K, value: ProviderDraft[K]) => void;

export const ID_TOKEN_ALGS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

/** Issuer patterns per type, shown as the placeholder (the admin replaces the <…> part). */
export const ISSUER_PLACEHOLDER: Record<ProviderType, string> = {
  oidc: 'https://idp.example.com',
  entra: 'https://login.microsoftonline.com/<Directory (tenant) ID>/v2.0',
  google: 'https://accounts.google.com',
  okta: 'https://<your domain>.okta.com',
  keycloak: 'https://<host>/realms/<realm>',
  authentik: 'https://<host>/application/o/<slug>/',
  auth0: 'https://<tenant>.auth0.com/',
  gitlab: 'https://gitlab.com',
  github: GITHUB_ISSUER,
};

/** Scopes a type starts with; GitHub is OAuth 2.0 and knows no `openid`. Never offline_access. */
export const defaultScopes = (type: ProviderType) =>
  type === 'github' ? 'read:user user:email' : 'openid profile email';

/** The form's starting values: the provider's, or the server's defaults for a new one. */
export function draftOf(p?: Provider): ProviderDraft {
  const type = p?.type ?? 'entra';
  const lines = (list: string[] | undefined) => (list ?? []).join('\n');
  return {
    type,
    name: p?.name ?? '',
    buttonLabel: p?.buttonLabel ?? '',
    clientSecretExpires:
      p?.clientSecretExpiresAt != null ? new Date(p.clientSecretExpiresAt).toISOString().slice(0, 10) : '',
    clientId: p?.clientId ?? '',
    clientSecret: '',
    // GitHub providers saved with an empty issuer are recorded under github.com (github.ts).
    issuer: p?.issuer || (type === 'github' ? GITHUB_ISSUER : ''),
    enabled: p?.enabled ?? true,
    endSessionEnabled: p?.endSessionEnabled ?? false,
    authorizationEndpoint: p?.authorizationEndpoint ?? '',
    tokenEndpoint: p?.tokenEndpoint ?? '',
    userinfoEndpoint: p?.userinfoEndpoint ?? '',
    jwksUri: p?.jwksUri ?? '',
    scopes: p?.scopes ?? defaultScopes(type),
    pkce: p?.pkce ?? true,
    responseType: p?.responseType ?? 'code',
    tokenEndpointAuthMethod: p?.tokenEndpointAuthMethod ?? 'client_secret_basic',
    idTokenSignedResponseAlg: p?.idTokenSignedResponseAlg ?? 'RS256',
    extraAudiences: lines(p?.extraAudiences),
    caCertificate: p?.caCertificate ?? '',
    allowInsecureHttp: p?.allowInsecureHttp ?? false,
    autoRegister: p?.autoRegister ?? true,
    allowedEmailDomains: lines(p?.allowedEmailDomains),
    allowedGroups: lines(p?.allowedGroups),
    adminGroups: lines(p?.adminGroups),
    groupMapping: p?.groupMapping ?? [],
    roleMapping: p?.roleMapping ?? [],
    usernameClaim: p?.usernameClaim ?? '',
    allowedTenants: lines(p?.allowedTenants),
    anyEntraTenant: p?.anyEntraTenant ?? false,
    linkByVerifiedEmail: p?.linkByVerifiedEmail ?? false,
    skipLocal2fa: p?.skipLocal2fa ?? true,
  };
}

/**
 * Whether the draft lets a person from any Microsoft Entra tenant in (a `common`/`organizations` issuer
 * without Allowed tenants): the form then asks for the explicit acknowledgement the server requires.
 */
export function draftOpensToAnyTenant(d: ProviderDraft): boolean {
  return opensToAnyTenant({
    type: d.type,
    issuer: d.issuer.trim(),
    allowedTenants: splitLines(d.allowedTenants),
  });
}

/** Ticking "any tenant may sign in" turns auto-register off; the admin may turn it back on knowingly. */
export function withAnyEntraTenant(d: ProviderDraft, anyEntraTenant: boolean): ProviderDraft {
  return { ...d, anyEntraTenant, ...(anyEntraTenant ? { autoRegister: false } : {}) };
}

/** A new type pre-fills what it can, without overwriting what the admin typed. */
export function withType(d: ProviderDraft, type: ProviderType): ProviderDraft {
  const scopes =
    d.scopes.trim() === defaultScopes(d.type) || !d.scopes.trim() ? defaultScopes(type) : d.scopes;
  let issuer = d.issuer;
  if (type === 'github') issuer = GITHUB_ISSUER;
  else if (d.type === 'github' && issuer === GITHUB_ISSUER) issuer = '';
  return { ...d, type, scopes, issuer };
}

// One value per line, never split on commas: group names can be LDAP DNs (cn=admins,ou=groups,…).
const splitLines = (text: string, normalize = (s: string) => s) => [
  ...new Set(
    text
      .split('\n')
      .map((s) => normalize(s.trim()))
      .filter(Boolean),
  ),
];

const isUrl = (value: string) => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
};

const WELL_KNOWN = /\/\.well-known\/openid-configuration\/?$/;

/**
 * Entra's portal shows the metadata document URL (`…/v2.0/.well-known/openid-configuration`); the issuer is
 * that URL without its well-known suffix (OpenID Connect Discovery 1.0 §4). Returns null when nothing to trim.
 */
export function issuerFromMetadataUrl(value: string): string | null {
  const trimmed = value.trim();
  return WELL_KNOWN.test(trimmed) ? trimmed.replace(WELL_KNOWN, '') : null;
}

/**
 * Microsoft Entra accepts plain-http redirect URIs only for localhost (learn.microsoft.com, "Redirect URI
 * (reply URL) restrictions"): a callback origin that is http on any other host is refused there.
 */
export function callbackRefusedByEntra(origin: string): boolean {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && !/^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(url.hostname);
  } catch {
    return false;
  }
}

/** The fields in the order the editor shows them: Save focuses the first invalid one. */
export const FIELD_ORDER: (keyof ProviderDraft)[] = [
  'name',
  'buttonLabel',
  'clientId',
  'issuer',
  'clientSecretExpires',
  'authorizationEndpoint',
  'tokenEndpoint',
  'userinfoEndpoint',
  'jwksUri',
  'scopes',
  'caCertificate',
];

/** Field → i18n key of what is wrong with it; empty when the draft can be saved. */
export function validateDraft(d: ProviderDraft): Partial<Record<keyof ProviderDraft, string>> {
  const errors: Partial<Record<keyof ProviderDraft, string>> = {};
  if (!new RegExp(PROVIDER_NAME_PATTERN).test(d.name)) errors.name = 'oidc.errorName';
  if (d.buttonLabel.trim().length > BUTTON_LABEL_MAX) errors.buttonLabel = 'oidc.errorButtonLabel';
  if (d.clientSecretExpires && !isIsoDate(d.clientSecretExpires)) {
    errors.clientSecretExpires = 'oidc.errorDate';
  }
  if (!d.clientId.trim()) errors.clientId = 'oidc.errorRequired';
  if (!isUrl(d.issuer.trim())) errors.issuer = 'oidc.errorUrl';
  for (const k of ['authorizationEndpoint', 'tokenEndpoint', 'userinfoEndpoint', 'jwksUri'] as const) {
    if (d[k].trim() && !isUrl(d[k].trim())) errors[k] = 'oidc.errorUrl';
  }
  if (!d.scopes.trim()) errors.scopes = 'oidc.errorScopes';
  const pem = d.caCertificate.trim();
  if (pem && !/^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----$/.test(pem)) {
    errors.caCertificate = 'oidc.errorPem';
  }
  return errors;
}

/** The request body: trimmed values, lists as arrays, mapping rows only when complete, secret only if typed. */
export function toRequestBody(d: ProviderDraft): ProviderCreate {
  const { clientSecret, clientSecretExpires, ...rest } = d;
  return {
    ...rest,
    name: d.name.trim(),
    buttonLabel: d.buttonLabel.trim(),
    // A date input's `YYYY-MM-DD` is read as UTC midnight: the day the IdP shows, in epoch ms.
    clientSecretExpiresAt: clientSecretExpires ? Date.parse(clientSecretExpires) : null,
    clientId: d.clientId.trim(),
    issuer: d.issuer.trim(),
    authorizationEndpoint: d.authorizationEndpoint.trim(),
    tokenEndpoint: d.tokenEndpoint.trim(),
    userinfoEndpoint: d.userinfoEndpoint.trim(),
    jwksUri: d.jwksUri.trim(),
    scopes: d.scopes.trim().split(/\s+/).join(' '),
    usernameClaim: d.usernameClaim.trim(),
    caCertificate: d.caCertificate.trim(),
    extraAudiences: splitLines(d.extraAudiences),
    allowedEmailDomains: splitLines(d.allowedEmailDomains, (s) => s.replace(/^@/, '').toLowerCase()),
    allowedGroups: splitLines(d.allowedGroups),
    adminGroups: splitLines(d.adminGroups),
    allowedTenants: splitLines(d.allowedTenants),
    groupMapping: d.groupMapping
      .map((m) => ({ idpGroup: m.idpGroup.trim(), groupId: m.groupId }))
      .filter((m) => m.idpGroup && m.groupId),
    roleMapping: d.roleMapping
      .map((m) => ({ idpGroup: m.idpGroup.trim(), roleId: m.roleId }))
      .filter((m) => m.idpGroup && m.roleId),
    ...(clientSecret ? { clientSecret } : {}),
  };
}
