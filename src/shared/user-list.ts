import { type Static, Type } from '@sinclair/typebox';
import { PageQuery } from './common.ts';

/** The columns the Users list sorts by (server-side, so sorting spans every page). */
export const USER_SORT_KEYS = [
  'username',
  'displayName',
  'email',
  'group',
  'status',
  'lastLogin',
  'createdAt',
] as const;
export type UserSortKey = (typeof USER_SORT_KEYS)[number];

/** GET /api/console/users: search, filters, sort and paging. */
export const UserListQuery = Type.Composite(
  [
    PageQuery,
    Type.Object({
      groupId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
      status: Type.Optional(Type.Union([Type.Literal('enabled'), Type.Literal('disabled')])),
      admin: Type.Optional(Type.Boolean({ description: 'true: administrators only; false: everyone else' })),
      method: Type.Optional(
        Type.Union([Type.Literal('password'), Type.Literal('sso')], {
          description: 'password: can sign in with a password; sso: has a linked sign-in provider identity',
        }),
      ),
      sort: Type.Optional(Type.Union(USER_SORT_KEYS.map((k) => Type.Literal(k)))),
      dir: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
    }),
  ],
  { additionalProperties: false },
);
export type UserListQuery = Static<typeof UserListQuery>;
