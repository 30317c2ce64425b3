import type { UserRow } from '../db/schema.ts';

/**
 * The user object both client parsers accept (spec §3.5): `name` and `info` required, `status`
 * exactly 1 / 0 / -1, `is_admin` a boolean — anything else leaves the OIDC login silently pending.
 */
export function toClientUser(user: UserRow) {
  return {
    name: user.username,
    display_name: user.display_name,
    avatar: '',
    email: user.email,
    note: user.note,
    status: user.status === 1 ? (1 as const) : (0 as const),
    is_admin: user.is_admin === 1,
    info: {},
  };
}
