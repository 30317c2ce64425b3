import { Badge, Stack, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import type { Device } from '../../../shared/devices.ts';
import type { Column } from '../../components/DataTable.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { PendingBadge } from './Approval.tsx';

/**
 * Disabled, online/offline and pending badges, stacked so none is cut off. A disabled device's status
 * starts with "Disabled" and its online badge is grey like the rest of its row: being online no longer
 * lets it be reached.
 */
function StatusBadges({ device: d, t }: { device: Device; t: TFunction }) {
  return (
    <Stack gap={4} align="flex-start">
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
      <Badge
        color={d.online && !d.disabled ? 'green' : 'gray'}
        variant={d.disabled ? 'light' : 'filled'}
        style={{ minWidth: 'max-content' }}
      >
        {d.online ? t('devices.online') : t('devices.offline')}
      </Badge>
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
          <Text size="sm" fw={500}>
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
    { key: 'user', header: t('devices.user'), sortable: true, render: (d) => d.userName ?? '—' },
    {
      key: 'deviceGroup',
      header: t('devices.deviceGroup'),
      sortable: true,
      render: (d) => d.deviceGroupName ?? '—',
    },
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
