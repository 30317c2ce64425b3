import { type Static, Type } from '@sinclair/typebox';
import { Page } from './common.ts';
import { SessionRole } from './roles.ts';

/** Rules shared by the console form and the server: one definition. */
export const USERNAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$';
export const PASSWORD_MIN_LENGTH = 8;

export const Username = Type.String({ pattern: USERNAME_PATTERN, maxLength: 64 });
export const Password = Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: 1024 });

/** A role to give a user; null takes their role away. `isAdmin: true` is the same as `'administrator'`. */
const RoleId = Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()]);

export const User = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  email: Type.String(),
  note: Type.String(),
  enabled: Type.Boolean(),
  /** True exactly when the user holds the Administrator role (kept for older API clients). */
  isAdmin: Type.Boolean(),
  /** The user's role (src/roles/); null: a plain user who uses only their own things. */
  roleId: Type.Union([Type.String(), Type.Null()]),
  groupId: Type.String(),
  groupName: Type.String(),
  hasPassword: Type.Boolean(),
  createdAt: Type.Integer({ description: 'epoch milliseconds' }),
  lastLoginAt: Type.Union([Type.Integer(), Type.Null()]),
});
export type User = Static<typeof User>;

export const UserPage = Page(User);
export type UserPage = Static<typeof UserPage>;

export const UserCreate = Type.Object(
  {
    username: Username,
    displayName: Type.Optional(Type.String({ maxLength: 200 })),
    email: Type.Optional(Type.Union([Type.Literal(''), Type.String({ format: 'email', maxLength: 320 })])),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    password: Type.Optional(Password),
    isAdmin: Type.Optional(Type.Boolean()),
    roleId: Type.Optional(RoleId),
    enabled: Type.Optional(Type.Boolean()),
    groupId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type UserCreate = Static<typeof UserCreate>;

export const UserUpdate = Type.Object(
  {
    username: Type.Optional(Username),
    displayName: Type.Optional(Type.String({ maxLength: 200 })),
    email: Type.Optional(Type.Union([Type.Literal(''), Type.String({ format: 'email', maxLength: 320 })])),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    isAdmin: Type.Optional(Type.Boolean()),
    roleId: Type.Optional(RoleId),
    enabled: Type.Optional(Type.Boolean()),
    groupId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type UserUpdate = Static<typeof UserUpdate>;

export const PasswordReset = Type.Object(
  { password: Type.Optional(Password) },
  { additionalProperties: false },
);
export const PasswordResetResult = Type.Object({ password: Type.String() });

export const PasswordChange = Type.Object(
  { currentPassword: Type.String({ maxLength: 1024 }), newPassword: Password },
  { additionalProperties: false },
);

export const Group = Type.Object({
  id: Type.String(),
  name: Type.String(),
  note: Type.String(),
  isDefault: Type.Boolean(),
  memberCount: Type.Integer(),
  createdAt: Type.Integer(),
});
export type Group = Static<typeof Group>;
export const GroupList = Type.Array(Group);

export const GroupName = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
export const GroupCreate = Type.Object(
  { name: GroupName, note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
export type GroupCreate = Static<typeof GroupCreate>;
export const GroupUpdate = Type.Object(
  { name: Type.Optional(GroupName), note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
export type GroupUpdate = Static<typeof GroupUpdate>;

export const LoginRequest = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 320 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
export type LoginRequest = Static<typeof LoginRequest>;

/** What the console knows about who is signed in; `csrfToken` goes back in `X-CSRF-Token`. */
export const SessionInfo = Type.Object({
  user: User,
  csrfToken: Type.String(),
  ...SessionRole.properties,
});
export type SessionInfo = Static<typeof SessionInfo>;

/** Log out: when the session came from a provider with RP-initiated logout on, the console goes there next. */
export const LogoutResult = Type.Object({
  ok: Type.Literal(true),
  endSessionUrl: Type.Union([Type.String(), Type.Null()]),
});
export type LogoutResult = Static<typeof LogoutResult>;
