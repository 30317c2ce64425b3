import type { QueryClient } from '@tanstack/react-query';
import type { Group, UserPage } from '../../../shared/accounts.ts';
import type { Permissions } from '../../../shared/roles.ts';
import { allows } from '../../../shared/roles.ts';
import { api } from '../../api/client.ts';
import { rolesQuery } from '../../api/roles.ts';
import type { SortState } from '../../components/DataTable.tsx';

export const PAGE_SIZE = 20;
export type Filters = {
  groupId: string | null;
  status: string | null;
  admin: string | null;
  method: string | null;
};
export const NO_FILTERS: Filters = { groupId: null, status: null, admin: null, method: null };
export const DEFAULT_SORT: SortState = { key: 'createdAt', dir: 'desc' };

/** The list's request: one cache entry per page, search, sort and filters. */
export function usersQuery(o: { page: number; search: string; sort: SortState; filters: Filters }) {
  const query = new URLSearchParams({
    page: String(o.page),
    pageSize: String(PAGE_SIZE),
    search: o.search,
    sort: o.sort.key,
    dir: o.sort.dir,
  });
  for (const [k, v] of Object.entries(o.filters)) if (v) query.set(k, v);
  return {
    queryKey: ['users', query.toString()],
    queryFn: () => api<UserPage>('GET', `/api/console/users?${query}`),
  };
}

export const groupsQuery = {
  queryKey: ['groups'],
  queryFn: () => api<Group[]>('GET', '/api/console/groups'),
};

/**
 * A full reload of /users: asks for the first page, the groups and the roles as soon as the session is
 * known, while the page's code still loads — instead of after it has rendered (the reload's waterfall, issue 14).
 * Settles when all three have (prefetchQuery never rejects).
 */
export async function prefetchUsersPage(client: QueryClient, permissions: Permissions): Promise<void> {
  if (!allows(permissions, 'users', 'read')) return;
  await Promise.all([
    client.prefetchQuery(usersQuery({ page: 1, search: '', sort: DEFAULT_SORT, filters: NO_FILTERS })),
    client.prefetchQuery(rolesQuery),
    allows(permissions, 'groups', 'read') ? client.prefetchQuery(groupsQuery) : undefined,
  ]);
}
