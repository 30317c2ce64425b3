import { type Static, Type } from '@sinclair/typebox';
import { Id } from './common.ts';

/** What an API token may do (issue 10); each maps onto a console area in src/automation/bearer.ts. */
export const API_TOKEN_SCOPES = [
  'devices:assign',
  'devices:read',
  'users:read',
  'users:write',
  'audit:read',
] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

export const ApiTokenScopeSchema = Type.Union([
  Type.Literal('devices:assign'),
  Type.Literal('devices:read'),
  Type.Literal('users:read'),
  Type.Literal('users:write'),
  Type.Literal('audit:read'),
]);

export const ApiToken = Type.Object({
  id: Type.String(),
  name: Type.String(),
  scopes: Type.Array(ApiTokenScopeSchema),
  createdBy: Type.String({ description: 'Username of the administrator who created it.' }),
  createdAt: Type.Integer({ description: 'epoch milliseconds' }),
  expiresAt: Type.Integer({ description: 'epoch milliseconds' }),
  lastUsedAt: Type.Union([Type.Integer(), Type.Null()]),
  lastUsedIp: Type.String(),
  revokedAt: Type.Union([Type.Integer(), Type.Null()]),
  status: Type.Union([Type.Literal('active'), Type.Literal('expired'), Type.Literal('revoked')]),
});
export type ApiToken = Static<typeof ApiToken>;
export const ApiTokenList = Type.Array(ApiToken);

export const ApiTokenCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scopes: Type.Array(ApiTokenScopeSchema, {
      minItems: 1,
      maxItems: API_TOKEN_SCOPES.length,
      uniqueItems: true,
    }),
    expiresInDays: Type.Integer({ minimum: 1, maximum: 3650 }),
  },
  { additionalProperties: false },
);
export type ApiTokenCreate = Static<typeof ApiTokenCreate>;

/** The new token and its secret, which is shown this once and never again. */
export const ApiTokenCreated = Type.Object({ token: ApiToken, secret: Type.String() });
export type ApiTokenCreated = Static<typeof ApiTokenCreated>;

export const ApiTokenParams = Type.Object({ id: Id }, { additionalProperties: false });
