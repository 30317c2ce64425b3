import { type Static, type TOptional, Type } from '@sinclair/typebox';

/**
 * The console areas a permission covers (issue 12's roles; issue 10's API-token scopes map onto them).
 * Shared by the server's guard and the console's `useCan`, so both decide from one list.
 */
export const CONSOLE_AREAS = [
  'users',
  'groups',
  'devices',
  'device-groups',
  'address-books',
  'strategies',
  'audit',
  'settings',
  'api-tokens',
] as const;
export type ConsoleArea = (typeof CONSOLE_AREAS)[number];
/** `read` covers GET/HEAD/OPTIONS; `manage` covers everything. */
export type AccessLevel = 'read' | 'manage';
export type AreaLevel = 'none' | AccessLevel;

const RANK: Record<AreaLevel, number> = { none: 0, read: 1, manage: 2 };

/** One level per area; an absent area is `none`. */
export type Permissions = Partial<Record<ConsoleArea, AreaLevel>>;

/** Whether `permissions` give at least `level` on `area`. */
export function allows(permissions: Permissions, area: ConsoleArea, level: AccessLevel): boolean {
  return RANK[permissions[area] ?? 'none'] >= RANK[level];
}

/** Whether `a` gives at least everything `b` gives: nobody hands out more than they hold. */
export function covers(a: Permissions, b: Permissions): boolean {
  return CONSOLE_AREAS.every((area) => RANK[a[area] ?? 'none'] >= RANK[b[area] ?? 'none']);
}

/** The ids of the built-in roles; users.role_id holds one of these or a custom role's id. */
export const ADMINISTRATOR_ROLE = 'administrator';
export const HELPDESK_ROLE = 'helpdesk';
export const AUDITOR_ROLE = 'auditor';

const AreaLevelSchema = Type.Union([Type.Literal('none'), Type.Literal('read'), Type.Literal('manage')]);
export const PermissionsSchema = Type.Object(
  Object.fromEntries(CONSOLE_AREAS.map((a) => [a, Type.Optional(AreaLevelSchema)])) as Record<
    ConsoleArea,
    TOptional<typeof AreaLevelSchema>
  >,
  { additionalProperties: false },
);

export const Role = Type.Object({
  id: Type.String(),
  name: Type.String(),
  builtIn: Type.Boolean(),
  permissions: PermissionsSchema,
  userCount: Type.Integer(),
});
export type Role = Static<typeof Role>;
export const RoleList = Type.Array(Role);

const RoleName = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
export const RoleCreate = Type.Object(
  { name: RoleName, permissions: PermissionsSchema },
  { additionalProperties: false },
);
export type RoleCreate = Static<typeof RoleCreate>;
export const RoleUpdate = Type.Object(
  { name: Type.Optional(RoleName), permissions: Type.Optional(PermissionsSchema) },
  { additionalProperties: false },
);
export type RoleUpdate = Static<typeof RoleUpdate>;

/** The signed-in person's role and what it lets them do: the console hides what they may not. */
export const SessionRole = Type.Object({
  role: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
  permissions: PermissionsSchema,
});
