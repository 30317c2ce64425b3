import { Badge, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Device, DevicePage } from '../../../shared/devices.ts';
import { api } from '../../api/client.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { formatDateTime } from '../../i18n/format.ts';

const PAGE_SIZE = 10;

/** The devices assigned to this user, with whether each is online now. */
export function AssignedDevices({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const devices = useQuery({
    queryKey: ['devices', 'of-user', userId, page],
    queryFn: () =>
      api<DevicePage>(
        'GET',
        `/api/console/devices?userId=${encodeURIComponent(userId)}&page=${page}&pageSize=${PAGE_SIZE}`,
      ),
  });
  const columns: Column<Device>[] = [
    { key: 'id', header: t('devices.id'), nowrap: true, render: (d) => <Text ff="monospace">{d.id}</Text> },
    { key: 'hostname', header: t('devices.hostname'), render: (d) => d.hostname },
    { key: 'os', header: t('devices.os'), render: (d) => d.os },
    {
      key: 'status',
      header: t('devices.status'),
      render: (d) => (
        <Badge color={d.online ? 'green' : 'gray'}>
          {d.online ? t('devices.online') : t('devices.offline')}
        </Badge>
      ),
    },
    {
      key: 'lastSeen',
      header: t('devices.lastSeen'),
      nowrap: true,
      render: (d) => formatDateTime(d.lastSeenAt),
    },
  ];
  return (
    <Stack gap="xs" maw={900}>
      <Title order={3}>{t('usersList.assignedDevices')}</Title>
      <DataTable
        label={t('usersList.assignedDevices')}
        rows={devices.data?.items}
        rowKey={(d) => d.id}
        columns={columns}
        empty={t('usersList.noAssignedDevices')}
        loading={devices.isFetching}
        paging={{ page, pageSize: PAGE_SIZE, total: devices.data?.total ?? 0, onChange: setPage }}
      />
    </Stack>
  );
}
