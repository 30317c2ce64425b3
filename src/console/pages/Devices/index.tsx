import {
  Alert,
  Badge,
  Button,
  Group,
  Pagination,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Device, DevicePage } from '../../../shared/devices.ts';
import { useCan } from '../../api/can.ts';
import { api } from '../../api/client.ts';
import { ConfirmDelete } from '../../components/ConfirmDelete.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { DevicePanel } from '../Strategies/DevicePanel.tsx';
import { ApprovalToolbar, PendingBadge } from './Approval.tsx';
import { AssignDialog } from './AssignDialog.tsx';
import { approveDevices } from './approval-api.ts';
import { NoteDialog } from './NoteDialog.tsx';

const PAGE_SIZE = 20;
// Online status comes from the server's last-seen time; refresh about as often as devices beat.
const REFRESH_MS = 15_000;
type StatusFilter = 'all' | 'online' | 'offline' | 'pending';

/**
 * Devices registered by RustDesk clients: server-side search, status filter and paging; note, assigned
 * user and device group, disable/enable, delete.
 */
export default function DevicesPage() {
  const { t } = useTranslation();
  const canManage = useCan('devices', 'manage');
  const client = useQueryClient();
  const [search, setSearch] = useState('');
  // One query per pause in typing, not per keystroke: a search scans the whole fleet.
  const [query] = useDebouncedValue(search, 300);
  const [status, setStatus] = useState<StatusFilter>('all');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Device | null>(null);
  const [deleting, setDeleting] = useState<Device | null>(null);
  const [assigning, setAssigning] = useState<Device | null>(null);
  const [inspecting, setInspecting] = useState<Device | null>(null);
  const devices = useQuery({
    queryKey: ['devices', page, query, status],
    queryFn: () =>
      api<DevicePage>(
        'GET',
        `/api/console/devices?page=${page}&pageSize=${PAGE_SIZE}&search=${encodeURIComponent(query)}${
          status === 'all' ? '' : `&status=${status}`
        }`,
      ),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['devices'] });
  const patch = async (d: Device, body: object) => {
    await api('PATCH', `/api/console/devices/${encodeURIComponent(d.id)}`, body);
    await refresh();
  };

  const rows = devices.data?.items.map((d) => (
    <Table.Tr key={d.id} c={d.disabled ? 'dimmed' : undefined}>
      <Table.Td ff="monospace">{d.id}</Table.Td>
      <Table.Td>
        <Text size="sm" fw={500}>
          {d.hostname}
        </Text>
        {d.note && (
          <Text size="xs" c="dimmed">
            {d.note}
          </Text>
        )}
      </Table.Td>
      <Table.Td>{d.os}</Table.Td>
      <Table.Td>{d.version}</Table.Td>
      <Table.Td>{d.userName ?? '—'}</Table.Td>
      <Table.Td>{d.deviceGroupName ?? '—'}</Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(d.lastSeenAt)}</Table.Td>
      <Table.Td>
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
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap" display={canManage ? undefined : 'none'}>
          {d.pending && (
            <Button
              size="compact-xs"
              color="orange"
              aria-label={`${t('approval.approve')} ${d.id}`}
              onClick={() => approveDevices([d.id]).then(refresh)}
            >
              {t('approval.approve')}
            </Button>
          )}
          <Button
            size="compact-xs"
            variant="default"
            aria-label={`${t('strategy.panel')} ${d.id}`}
            onClick={() => setInspecting(d)}
          >
            {t('strategy.panel')}
          </Button>
          <Button
            size="compact-xs"
            variant="default"
            aria-label={`${t('devices.assign')} ${d.id}`}
            onClick={() => setAssigning(d)}
          >
            {t('devices.assign')}
          </Button>
          <Button
            size="compact-xs"
            variant="default"
            aria-label={`${d.disabled ? t('devices.enable') : t('devices.disable')} ${d.id}`}
            title={t('devices.disabledHint')}
            onClick={() => patch(d, { disabled: !d.disabled })}
          >
            {d.disabled ? t('devices.enable') : t('devices.disable')}
          </Button>
          <Button
            size="compact-xs"
            variant="default"
            aria-label={`${t('devices.editNote')} ${d.id}`}
            onClick={() => setEditing(d)}
          >
            {t('devices.editNote')}
          </Button>
          <Button
            size="compact-xs"
            color="red"
            variant="light"
            aria-label={`${t('common.delete')} ${d.id}`}
            onClick={() => setDeleting(d)}
          >
            {t('common.delete')}
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  ));

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('devices.title')}
      </Title>
      <Group align="flex-end">
        <TextInput
          flex={1}
          aria-label={t('common.search')}
          placeholder={t('devices.searchHint')}
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            setPage(1);
          }}
        />
        <SegmentedControl
          aria-label={t('devices.status')}
          value={status}
          onChange={(v) => {
            setStatus(v as StatusFilter);
            setPage(1);
          }}
          data={[
            { value: 'all', label: t('devices.all') },
            { value: 'online', label: t('devices.online') },
            { value: 'offline', label: t('devices.offline') },
            { value: 'pending', label: t('approval.pending') },
          ]}
        />
      </Group>
      <ApprovalToolbar
        filter={{ search: query, ...(status === 'all' ? {} : { status }) }}
        onChanged={refresh}
      />
      {devices.error && (
        <Alert color="red" role="alert">
          {devices.error.message}
        </Alert>
      )}
      {/* Narrow screens: the key columns stay, the rest scrolls sideways inside the table, not the page. */}
      <Table.ScrollContainer minWidth={0} type="native">
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('devices.id')}</Table.Th>
              <Table.Th>{t('devices.hostname')}</Table.Th>
              <Table.Th>{t('devices.os')}</Table.Th>
              <Table.Th>{t('devices.version')}</Table.Th>
              <Table.Th>{t('devices.user')}</Table.Th>
              <Table.Th>{t('devices.deviceGroup')}</Table.Th>
              <Table.Th>{t('devices.lastSeen')}</Table.Th>
              <Table.Th>{t('devices.status')}</Table.Th>
              <Table.Th>{t('common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>{rows}</Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {devices.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
      {devices.data?.items.length === 0 && <Text c="dimmed">{t('devices.empty')}</Text>}
      {(devices.data?.total ?? 0) > PAGE_SIZE && (
        <Pagination
          total={Math.ceil((devices.data?.total ?? 0) / PAGE_SIZE)}
          value={page}
          onChange={setPage}
        />
      )}
      {inspecting && <DevicePanel deviceId={inspecting.id} onClose={() => setInspecting(null)} />}
      {editing && (
        <NoteDialog
          device={editing}
          onClose={() => setEditing(null)}
          onSave={async (note) => {
            await api('PATCH', `/api/console/devices/${encodeURIComponent(editing.id)}`, { note });
            setEditing(null);
            await refresh();
          }}
        />
      )}
      {assigning && (
        <AssignDialog
          device={assigning}
          onClose={() => setAssigning(null)}
          onSave={async (assignment) => {
            await patch(assigning, assignment);
            setAssigning(null);
          }}
        />
      )}
      {deleting && (
        <ConfirmDelete
          name={deleting.hostname ? `${deleting.hostname} (${deleting.id})` : deleting.id}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api('DELETE', `/api/console/devices/${encodeURIComponent(deleting.id)}`);
            setDeleting(null);
            await refresh();
          }}
        />
      )}
    </Stack>
  );
}
