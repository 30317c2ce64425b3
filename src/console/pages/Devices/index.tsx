import { SegmentedControl, Select, Stack } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { PendingFilter } from '../../../shared/device-approval.ts';
import type { DevicePage } from '../../../shared/devices.ts';
import { api } from '../../api/client.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { ListHeader } from '../../components/ListHeader.tsx';
import { useListQuery } from '../../components/list-query.ts';
import { useDeviceGroups, useUserOptions } from '../DeviceGroups/options.ts';
import { ApprovalToolbar } from './Approval.tsx';
import { deviceColumns } from './columns.tsx';
import { useDeviceActions } from './device-actions.tsx';

const PAGE_SIZE = 20;
// Online status comes from the server's last-seen time; refresh about as often as devices beat.
const REFRESH_MS = 15_000;
type StatusFilter = 'all' | 'online' | 'offline' | 'pending';
type Filters = { status: StatusFilter; deviceGroupId: string | null; userId: string | null };
const NO_FILTERS: Filters = { status: 'all', deviceGroupId: null, userId: null };

/**
 * Devices registered by RustDesk clients: server-side search, sort, filters (status, device group,
 * user) and paging; each row's actions in its menu; approval tools above the list.
 */
export default function DevicesPage() {
  const { t } = useTranslation();
  const list = useListQuery<Filters>({ sort: { key: 'lastSeen', dir: 'desc' }, filters: NO_FILTERS });
  const { page, search, sort, filters, setFilter: filter } = list;
  // One query per pause in typing, not per keystroke: a search scans the whole fleet.
  const [debounced] = useDebouncedValue(search, 300);
  const actions = useDeviceActions();
  const users = useUserOptions();
  const deviceGroups = useDeviceGroups();
  // The list's filter: also the set "Approve all matching" acts on, on every page.
  const matching: PendingFilter = {
    search: debounced,
    ...(filters.status === 'all' ? {} : { status: filters.status }),
    ...(filters.deviceGroupId ? { deviceGroupId: filters.deviceGroupId } : {}),
    ...(filters.userId ? { userId: filters.userId } : {}),
  };
  const query = new URLSearchParams({
    page: String(page),
    pageSize: String(PAGE_SIZE),
    sort: sort.key,
    dir: sort.dir,
    ...matching,
  });
  const devices = useQuery({
    queryKey: ['devices', query.toString()],
    queryFn: () => api<DevicePage>('GET', `/api/console/devices?${query}`),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
  const table = list.tableProps(devices.data?.total ?? 0, PAGE_SIZE);

  const filterInputs = (
    <>
      <SegmentedControl
        aria-label={t('devices.status')}
        value={filters.status}
        onChange={(v) => filter('status')(v as StatusFilter)}
        data={[
          { value: 'all', label: t('devices.all') },
          { value: 'online', label: t('devices.online') },
          { value: 'offline', label: t('devices.offline') },
          { value: 'pending', label: t('approval.pending') },
        ]}
      />
      <Select
        label={t('devices.deviceGroup')}
        placeholder={t('table.any')}
        data={(deviceGroups.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
        value={filters.deviceGroupId}
        onChange={filter('deviceGroupId')}
        clearable
        searchable
        w={180}
      />
      <Select
        label={t('devices.user')}
        placeholder={t('table.any')}
        data={users.data ?? []}
        value={filters.userId}
        onChange={filter('userId')}
        clearable
        searchable
        w={180}
      />
    </>
  );

  return (
    <Stack>
      <ListHeader title={t('devices.title')} error={devices.error} />
      <ApprovalToolbar filter={matching} onChanged={actions.refresh} />
      {actions.dialogs}
      <DataTable
        label={t('devices.title')}
        rows={devices.data?.items}
        rowKey={(d) => d.id}
        rowName={(d) => d.id}
        columns={deviceColumns(t)}
        empty={t('devices.empty')}
        loading={devices.isFetching}
        {...table}
        search={{ ...table.search, placeholder: t('devices.searchHint') }}
        filters={filterInputs}
        actions={actions.actionsFor}
        inactive={(d) => d.disabled}
      />
    </Stack>
  );
}
