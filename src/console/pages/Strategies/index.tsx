import { Badge, Group, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssignmentList, Strategy } from '../../../shared/strategies.ts';
import { useCan } from '../../api/can.ts';
import { api } from '../../api/client.ts';
import { ConfirmDelete } from '../../components/ConfirmDelete.tsx';
import { useClientList } from '../../components/client-list.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ListHeader } from '../../components/ListHeader.tsx';
import { AssignModal } from './AssignModal.tsx';
import { StrategyForm } from './StrategyForm.tsx';

const SORT = {
  name: (s: Strategy) => s.name.toLocaleLowerCase(),
  options: (s: Strategy) => Object.keys(s.options).length,
  assigned: (s: Strategy) => s.assignedDevices + s.assignedUsers + s.assignedDeviceGroups,
};

/** Strategies: create from the client-settings catalogue, edit, assign, delete. */
export default function StrategiesPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const list = useQuery({
    queryKey: ['strategies'],
    queryFn: () => api<Strategy[]>('GET', '/api/console/strategies'),
  });
  const assignments = useQuery({
    queryKey: ['strategies', 'assignments'],
    queryFn: () => api<AssignmentList>('GET', '/api/console/strategies/assignments'),
  });
  const [editing, setEditing] = useState<Strategy | 'new' | null>(null);
  const [assigning, setAssigning] = useState<Strategy | null>(null);
  const [deleting, setDeleting] = useState<Strategy | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['strategies'] });
  const canManage = useCan('strategies', 'manage');
  const table = useClientList(list.data, {
    text: (s) => `${s.name} ${s.note}`,
    sortValues: SORT,
    initialSort: { key: 'name', dir: 'asc' },
  });
  const columns: Column<Strategy>[] = [
    {
      key: 'name',
      header: t('strategy.name'),
      sortable: true,
      render: (s) => (
        <>
          <Group gap={6}>
            <Text size="sm" fw={500}>
              {s.name}
            </Text>
            {s.isDefault && (
              <Badge variant="light" style={{ minWidth: 'max-content' }}>
                {t('strategy.default')}
              </Badge>
            )}
          </Group>
          {s.note && (
            <Text size="xs" c="dimmed">
              {s.note}
            </Text>
          )}
        </>
      ),
    },
    {
      key: 'options',
      header: t('strategy.options'),
      sortable: true,
      nowrap: true,
      render: (s) => (
        <Text
          size="sm"
          title={Object.entries(s.options)
            .map(([k, v]) => `${k}=${v}`)
            .join('\n')}
        >
          {t('strategy.optionCount', { count: Object.keys(s.options).length })}
        </Text>
      ),
    },
    {
      key: 'assigned',
      header: t('strategy.assigned'),
      sortable: true,
      render: (s) =>
        t('strategy.assignedCounts', {
          devices: s.assignedDevices,
          users: s.assignedUsers,
          groups: s.assignedDeviceGroups,
        }),
    },
  ];

  return (
    <Stack>
      <ListHeader
        title={t('strategy.title')}
        create={canManage && { label: t('strategy.new'), onClick: () => setEditing('new') }}
        intro={t('strategy.intro')}
        error={list.error}
      />
      <DataTable
        label={t('strategy.title')}
        {...table}
        rowKey={(s) => s.id}
        rowName={(s) => s.name}
        columns={columns}
        empty={t('strategy.empty')}
        loading={list.isPending}
        actions={(s) =>
          canManage
            ? [
                { label: t('strategy.assign'), onClick: () => setAssigning(s) },
                { label: t('common.edit'), onClick: () => setEditing(s) },
                { label: t('common.delete'), color: 'red', onClick: () => setDeleting(s) },
              ]
            : []
        }
      />
      {editing && (
        <StrategyForm
          strategy={editing === 'new' ? undefined : editing}
          onDone={(saved) => {
            setEditing(null);
            if (saved) void refresh();
          }}
        />
      )}
      {assigning && (
        <AssignModal
          strategy={assigning}
          assignments={assignments.data ?? []}
          onChanged={refresh}
          onClose={() => setAssigning(null)}
        />
      )}
      {deleting && (
        <ConfirmDelete
          name={deleting.name}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api('DELETE', `/api/console/strategies/${deleting.id}`);
            setDeleting(null);
            await refresh();
          }}
        />
      )}
    </Stack>
  );
}
