import { useQuery } from '@tanstack/react-query';
import type { DeviceGroup } from '../../../shared/access.ts';
import type { Group, UserPage } from '../../../shared/accounts.ts';
import { api } from '../../api/client.ts';

/** Choices for the access-rule pickers: users (the first 200 by name), user groups, device groups. */
export function useUserOptions() {
  return useQuery({
    queryKey: ['users', 'options'],
    queryFn: async () => {
      const page = await api<UserPage>('GET', '/api/console/users?pageSize=200');
      return page.items.map((u) => ({
        value: u.id,
        label: u.displayName ? `${u.username} (${u.displayName})` : u.username,
      }));
    },
  });
}

export function useGroupOptions() {
  return useQuery({
    queryKey: ['groups'],
    queryFn: () => api<Group[]>('GET', '/api/console/groups'),
    select: (groups) => groups.map((g) => ({ value: g.id, label: g.name })),
  });
}

export function useDeviceGroups() {
  return useQuery({
    queryKey: ['device-groups'],
    queryFn: () => api<DeviceGroup[]>('GET', '/api/console/device-groups'),
  });
}
