import { type Static, Type } from '@sinclair/typebox';

/** The pre-filled user filters: `{username}` is replaced by the escaped username (RFC 4515). */
export const AD_USER_FILTER = '(&(objectClass=user)(sAMAccountName={username}))';
export const OPENLDAP_USER_FILTER = '(uid={username})';

const Dn = Type.String({ minLength: 1, maxLength: 1000 });
const Attribute = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z][A-Za-z0-9-]*$' });

const LdapFields = {
  enabled: Type.Boolean(),
  url: Type.String({ maxLength: 500, pattern: '^ldaps?://[^/\\s]+/?$' }),
  startTls: Type.Boolean({ description: 'Upgrade an ldap:// connection with StartTLS before binding.' }),
  caPem: Type.String({ maxLength: 20_000, description: 'PEM of a private CA; empty trusts the system CAs.' }),
  bindDn: Type.String({ maxLength: 1000 }),
  searchBase: Type.String({ maxLength: 1000 }),
  searchFilter: Type.String({ minLength: 1, maxLength: 1000, pattern: '\\{username\\}' }),
  attrUsername: Attribute,
  attrDisplayName: Attribute,
  attrEmail: Attribute,
  groupMappings: Type.Array(
    Type.Object({ groupDn: Dn, groupId: Type.String({ minLength: 1, maxLength: 64 }) }),
    {
      maxItems: 100,
    },
  ),
  adminGroups: Type.Array(Dn, { maxItems: 100 }),
  nestedGroups: Type.Boolean({
    description: 'Active Directory: match groups through nesting (1.2.840.113556.1.4.1941).',
  }),
};

/** The settings as the console reads them: the bind password is never sent back, only whether it is set. */
export const LdapSettings = Type.Object({ ...LdapFields, bindPasswordSet: Type.Boolean() });
export type LdapSettings = Static<typeof LdapSettings>;

/** The settings as the console saves or tests them; an omitted bind password keeps the saved one. */
export const LdapSettingsInput = Type.Object(
  { ...LdapFields, bindPassword: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);
export type LdapSettingsInput = Static<typeof LdapSettingsInput>;

export const LdapTestResult = Type.Object({
  ok: Type.Boolean(),
  message: Type.String(),
  usersFound: Type.Optional(Type.Integer()),
});
export type LdapTestResult = Static<typeof LdapTestResult>;

export const LdapTestSignInRequest = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 320 }), password: Type.String({ maxLength: 1024 }) },
  { additionalProperties: false },
);

/** What a directory sign-in would do, without creating or changing anything. */
export const LdapTestSignInResult = Type.Object({
  ok: Type.Boolean(),
  message: Type.String(),
  entry: Type.Optional(
    Type.Object({
      dn: Type.String(),
      username: Type.String(),
      displayName: Type.String(),
      email: Type.String(),
      groups: Type.Array(Type.String()),
      isAdmin: Type.Boolean(),
      groupId: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});
export type LdapTestSignInResult = Static<typeof LdapTestSignInResult>;
