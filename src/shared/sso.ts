import { type Static, Type } from '@sinclair/typebox';

/**
 * The API contract of single sign-on (Settings → OIDC), shared by the server and the console.
 * The client secret is write-only: requests may carry `clientSecret`; responses only `hasClientSecret`.
 */
export const PROVIDER_TYPES = [
  'oidc',
  'entra',
  'google',
  'okta',
  'keycloak',
  'authentik',
  'auth0',
  'gitlab',
  'github',
] as const;
export const ProviderType = Type.Union([
  Type.Literal('oidc'),
  Type.Literal('entra'),
  Type.Literal('google'),
  Type.Literal('okta'),
  Type.Literal('keycloak'),
  Type.Literal('authentik'),
  Type.Literal('auth0'),
  Type.Literal('gitlab'),
  Type.Literal('github'),
]);
export type ProviderType = Static<typeof ProviderType>;

/** GitHub is OAuth 2.0 without an issuer; identities from github.com are recorded under this one. */
export const GITHUB_ISSUER = 'https://github.com';

/** The provider's id: what RustDesk clients send back as `op` and show as "Continue with <name>". */
export const PROVIDER_NAME_PATTERN = '^[A-Za-z0-9_-]{1,64}$';
export const ProviderName = Type.String({ pattern: PROVIDER_NAME_PATTERN });

export const RESPONSE_TYPES = ['code', 'code id_token', 'id_token'] as const;
export const ResponseType = Type.Union([
  Type.Literal('code'),
  Type.Literal('code id_token'),
  Type.Literal('id_token'),
]);
export const TokenEndpointAuthMethod = Type.Union([
  Type.Literal('client_secret_basic'),
  Type.Literal('client_secret_post'),
]);

const Url = Type.String({ maxLength: 2000 });
const OptionalUrl = Type.Union([Type.Literal(''), Url]);
const StringList = Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 500 });

export const RoleMappingEntry = Type.Object(
  {
    idpGroup: Type.String({ minLength: 1, maxLength: 500 }),
    roleId: Type.String({ minLength: 1, maxLength: 64 }),
  },
  { additionalProperties: false },
);
export type RoleMappingEntry = Static<typeof RoleMappingEntry>;

export const GroupMappingEntry = Type.Object(
  {
    idpGroup: Type.String({ minLength: 1, maxLength: 500 }),
    groupId: Type.String({ minLength: 1, maxLength: 64 }),
  },
  { additionalProperties: false },
);

/** Every setting of a provider except its identity and secret. */
const providerSettings = {
  type: ProviderType,
  clientId: Type.String({ minLength: 1, maxLength: 500 }),
  issuer: Url,
  enabled: Type.Boolean(),
  // Advanced
  authorizationEndpoint: OptionalUrl,
  tokenEndpoint: OptionalUrl,
  userinfoEndpoint: OptionalUrl,
  jwksUri: OptionalUrl,
  scopes: Type.String({ minLength: 1, maxLength: 1000 }),
  pkce: Type.Boolean(),
  responseType: ResponseType,
  tokenEndpointAuthMethod: TokenEndpointAuthMethod,
  idTokenSignedResponseAlg: Type.String({ pattern: '^(RS|PS|ES)(256|384|512)$|^EdDSA$' }),
  extraAudiences: StringList,
  caCertificate: Type.String({ maxLength: 100_000 }),
  allowInsecureHttp: Type.Boolean(),
  endSessionEnabled: Type.Boolean(),
  // Who gets in
  autoRegister: Type.Boolean(),
  allowedEmailDomains: StringList,
  allowedGroups: StringList,
  adminGroups: StringList,
  groupMapping: Type.Array(GroupMappingEntry, { maxItems: 500 }),
  /** IdP group → role (issue 12), first match wins; a match in `adminGroups` means Administrator and comes first. */
  roleMapping: Type.Array(RoleMappingEntry, { maxItems: 500 }),
  usernameClaim: Type.String({ maxLength: 200 }),
  allowedTenants: StringList,
  /** The admin's "any Microsoft Entra tenant may sign in" for a `common`/`organizations` issuer without Allowed tenants. */
  anyEntraTenant: Type.Boolean(),
  linkByVerifiedEmail: Type.Boolean(),
  skipLocal2fa: Type.Boolean(),
};

export const Provider = Type.Object({
  id: Type.String(),
  name: Type.String(),
  ...providerSettings,
  hasClientSecret: Type.Boolean(),
  /** The origin the provider was saved from, whose /api/oidc/callback is its redirect URI; null until saved once. */
  callbackOrigin: Type.Union([Type.String(), Type.Null()]),
  /** The login button's words ("Continue with <buttonLabel>"); empty: the name is shown. */
  buttonLabel: Type.String(),
  /** When the client secret expires (epoch ms, the day the IdP shows); null when not entered. */
  clientSecretExpiresAt: Type.Union([Type.Null(), Type.Integer()]),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
});
export type Provider = Static<typeof Provider>;
export const ProviderList = Type.Array(Provider);

/**
 * The origin of the console page the admin saves from (`window.location.origin`): the provider's logins
 * and redirect URI use it, never a request's Host header (issue 9 §6). Absent on update: kept.
 */
const CallbackOrigin = Type.String({ minLength: 1, maxLength: 300 });

/** Any words, spaces and scripts included; trimmed, empty clears it. Never the `op` the client sends back. */
export const BUTTON_LABEL_MAX = 64;
const ButtonLabel = Type.String({ maxLength: BUTTON_LABEL_MAX });
// Null first: Fastify's type coercion would otherwise turn a null into 0 (the first branch that coerces).
const SecretExpiry = Type.Union([Type.Null(), Type.Integer({ minimum: 0 })]);

/** Create: name, type, clientId and issuer are required; everything else has a default. */
export const ProviderCreate = Type.Composite(
  [
    Type.Object({
      name: ProviderName,
      type: ProviderType,
      clientId: providerSettings.clientId,
      issuer: Url,
      clientSecret: Type.Optional(Type.String({ maxLength: 2000 })),
      callbackOrigin: Type.Optional(CallbackOrigin),
      buttonLabel: Type.Optional(ButtonLabel),
      clientSecretExpiresAt: Type.Optional(SecretExpiry),
    }),
    Type.Partial(Type.Omit(Type.Object(providerSettings), ['type', 'clientId', 'issuer'])),
  ],
  { additionalProperties: false },
);
export type ProviderCreate = Static<typeof ProviderCreate>;

/** Update: any subset; an absent or empty `clientSecret` keeps the stored one. */
export const ProviderUpdate = Type.Composite(
  [
    Type.Object({
      name: Type.Optional(ProviderName),
      clientSecret: Type.Optional(Type.String({ maxLength: 2000 })),
      callbackOrigin: Type.Optional(CallbackOrigin),
      buttonLabel: Type.Optional(ButtonLabel),
      clientSecretExpiresAt: Type.Optional(SecretExpiry),
    }),
    Type.Partial(Type.Object(providerSettings)),
  ],
  { additionalProperties: false },
);
export type ProviderUpdate = Static<typeof ProviderUpdate>;

/** Result of the Test button: one line per check, in words. */
export const ProviderCheck = Type.Object({ id: Type.String(), ok: Type.Boolean(), message: Type.String() });
export const ProviderTestResult = Type.Object({ ok: Type.Boolean(), checks: Type.Array(ProviderCheck) });
export type ProviderTestResult = Static<typeof ProviderTestResult>;

/** What "Test sign-in" found: the claims received and what the settings make of them. */
export const TestSignInResult = Type.Object({
  provider: Type.String(),
  idTokenClaims: Type.Record(Type.String(), Type.Unknown()),
  userinfoClaims: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  username: Type.String(),
  email: Type.String(),
  emailVerified: Type.Boolean(),
  groups: Type.Array(Type.String()),
  isAdmin: Type.Boolean(),
  allowed: Type.Boolean(),
  reasons: Type.Array(Type.String()),
  existingUser: Type.Union([Type.String(), Type.Null()]),
  /** The identity key DeskGate uses (Entra: the object id `oid`), what an admin links on a user's page. */
  subject: Type.String(),
  issuer: Type.String(),
});
export type TestSignInResult = Static<typeof TestSignInResult>;

/** A stored Test sign-in run: the result, or the failure in words (and its code) when it did not get that far. */
export const TestSignInOutcome = Type.Object({
  id: Type.String(),
  createdAt: Type.Integer(),
  result: Type.Union([TestSignInResult, Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  code: Type.Union([Type.String(), Type.Null()]),
});
export type TestSignInOutcome = Static<typeof TestSignInOutcome>;

/** Public list for the login page's "Continue with <label>" buttons: `label` is the button label, or the name. */
export const LoginProvider = Type.Object({ name: Type.String(), label: Type.String(), type: ProviderType });
export const LoginProviderList = Type.Array(LoginProvider);

/** Public login-page options; the password form hides only while a provider is enabled. */
export const LoginOptions = Type.Object({ hidePasswordLogin: Type.Boolean() });
export type LoginOptions = Static<typeof LoginOptions>;

export const SsoSettings = Type.Object({
  /** DESKGATE_PUBLIC_URL when set; the console warns when it differs from the page's origin. */
  publicUrl: Type.Union([Type.String(), Type.Null()]),
  callbackPath: Type.Literal('/api/oidc/callback'),
  hidePasswordLogin: Type.Boolean(),
});
export type SsoSettings = Static<typeof SsoSettings>;
export const SsoSettingsUpdate = Type.Object(
  { hidePasswordLogin: Type.Boolean() },
  { additionalProperties: false },
);
export type SsoSettingsUpdate = Static<typeof SsoSettingsUpdate>;

/** A linked external identity, shown and managed on a user's page. */
export const Identity = Type.Object({
  id: Type.String(),
  providerId: Type.String(),
  providerName: Type.String(),
  issuer: Type.String(),
  subject: Type.String(),
  tenantId: Type.Union([Type.String(), Type.Null()]),
  objectId: Type.Union([Type.String(), Type.Null()]),
  email: Type.String(),
  createdAt: Type.Integer(),
  lastLoginAt: Type.Union([Type.Integer(), Type.Null()]),
});
export type Identity = Static<typeof Identity>;
export const IdentityList = Type.Array(Identity);
export const IdentityLink = Type.Object(
  {
    providerId: Type.String({ minLength: 1, maxLength: 64 }),
    subject: Type.String({ minLength: 1, maxLength: 500 }),
    /** The token's `iss`; defaults to the provider's issuer (give it for Entra multi-tenant providers). */
    issuer: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type IdentityLink = Static<typeof IdentityLink>;
