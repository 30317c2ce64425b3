import {
  ADMINISTRATOR_ROLE,
  AUDITOR_ROLE,
  CONSOLE_AREAS,
  HELPDESK_ROLE,
  type Permissions,
} from '../shared/roles.ts';

const everything = (level: 'read' | 'manage'): Permissions =>
  Object.fromEntries(CONSOLE_AREAS.map((area) => [area, level]));

/**
 * The built-in roles (issue 12), defined in code so that an area added later is covered at once:
 * Administrator manages everything, Auditor reads everything, Helpdesk looks after devices and
 * address books and may look people up. They can be assigned but never edited or deleted.
 */
export const BUILTIN_ROLES: readonly { id: string; name: string; permissions: Permissions }[] = [
  { id: ADMINISTRATOR_ROLE, name: 'Administrator', permissions: everything('manage') },
  {
    id: HELPDESK_ROLE,
    name: 'Helpdesk',
    permissions: { devices: 'manage', 'address-books': 'manage', users: 'read' },
  },
  { id: AUDITOR_ROLE, name: 'Auditor', permissions: everything('read') },
];

export function findBuiltinRole(id: string) {
  return BUILTIN_ROLES.find((r) => r.id === id);
}
