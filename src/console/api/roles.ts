import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import type { Role } from '../../shared/roles.ts';
import { api } from './client.ts';

/** The roles (built-in first), for the Roles page, the user form and the provider's group → role rows. */
export function useRoles(enabled = true) {
  return useQuery({ ...rolesQuery, enabled });
}

/** The roles' request, shared with the Users page's prefetch. */
export const rolesQuery = {
  queryKey: ['roles'],
  queryFn: () => api<Role[]>('GET', '/api/console/roles'),
};

/** A role's name in the reader's language: built-in roles are translated, custom ones are as typed. */
export function roleLabel(t: TFunction, role: Pick<Role, 'id' | 'name' | 'builtIn'>): string {
  return role.builtIn ? t(`roles.builtin.${role.id}`) : role.name;
}
