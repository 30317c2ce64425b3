import { Badge, Stack, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import type { Device } from '../../../shared/devices.ts';
import type { Column } from '../../components/DataTable.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { PendingBadge } from './Approval.tsx';

/** Online/offline, disabled and pending badges, stacked so none is cut off. */
function StatusBadges({ device: d, t }: { device: Device; t: TFunction }) {
  return (
    <Stack gap={4} align="flex-start">
      <Badge color={d.online ? 'green' : 'gray'} style={{ minWidth: 'max-content' }}>
        {d.online ? t('devices.online') : t('devices.offline')}
      </Badge>
      {d.disabled && (
        <Badge
          color="red"
          variant="light"
          style={{ minWidth: 'max-content' }}
          title={t('devices.disabledHint')}
        >
          {t('devices.disabled')}
        </Badge>
      )}
      <PendingBadge device={d} />
    </Stack>
  );
}

/** The Devices list's columns; the sortable ones are the server's DEVICE_SORT_KEYS. */
export function deviceColumns(t: TFunction): Column<Device>[] {
  return [
    {
      key: 'id',
      header: t('devices.id'),
      sortable: true,
      nowrap: true,
      render: (d) => <Text ff="monospace">{d.id}</Text>,
    },
    {
      key: 'hostname',
      header: t('devices.hostname'),
      sortable: true,
      render: (d) => (
        <>
          <Text size="sm" fw={500} c={d.disabled ? 'dimmed' : undefined}>
            {d.hostname}
          </Text>
          {d.note && (
            <Text size="xs" c="dimmed">
              {d.note}
            </Text>
          )}
        </>
      ),
    },
    { key: 'os', header: t('devices.os'), sortable: true, render: (d) => d.os },
    { key: 'version', header: t('devices.version'), sortable: true, nowrap: true, render: (d) => d.version },
    { key: 'user', header: t('devices.user'), render: (d) => d.userName ?? '—' },
    { key: 'deviceGroup', header: t('devices.deviceGroup'), render: (d) => d.deviceGroupName ?? '—' },
    {
      key: 'lastSeen',
      header: t('devices.lastSeen'),
      sortable: true,
      nowrap: true,
      render: (d) => formatDateTime(d.lastSeenAt),
    },
    { key: 'status', header: t('devices.status'), render: (d) => <StatusBadges device={d} t={t} /> },
  ];
}
