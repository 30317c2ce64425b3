import { Alert, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssignmentList, Strategy } from '../../../shared/strategies.ts';
import { api } from '../../api/client.ts';
import { ConfirmDelete } from '../../components/ConfirmDelete.tsx';
import { AssignModal } from './AssignModal.tsx';
import { StrategyForm } from './StrategyForm.tsx';

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

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('strategy.title')}</Title>
        <Button onClick={() => setEditing('new')}>{t('strategy.new')}</Button>
      </Group>
      <Text c="dimmed" size="sm">
        {t('strategy.intro')}
      </Text>
      {list.error && (
        <Alert color="red" role="alert">
          {list.error.message}
        </Alert>
      )}
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('strategy.name')}</Table.Th>
            <Table.Th>{t('strategy.options')}</Table.Th>
            <Table.Th>{t('strategy.assigned')}</Table.Th>
            <Table.Th>{t('common.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data?.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>
                <Group gap={6}>
                  <Text size="sm" fw={500}>
                    {s.name}
                  </Text>
                  {s.isDefault && <Badge variant="light">{t('strategy.default')}</Badge>}
                </Group>
                {s.note && (
                  <Text size="xs" c="dimmed">
                    {s.note}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text
                  size="sm"
                  title={Object.entries(s.options)
                    .map(([k, v]) => `${k}=${v}`)
                    .join('\n')}
                >
                  {t('strategy.optionCount', { count: Object.keys(s.options).length })}
                </Text>
              </Table.Td>
              <Table.Td>
                {t('strategy.assignedCounts', {
                  devices: s.assignedDevices,
                  users: s.assignedUsers,
                  groups: s.assignedDeviceGroups,
                })}
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Button
                    size="compact-xs"
                    variant="default"
                    aria-label={`${t('strategy.assign')} ${s.name}`}
                    onClick={() => setAssigning(s)}
                  >
                    {t('strategy.assign')}
                  </Button>
                  <Button
                    size="compact-xs"
                    variant="default"
                    aria-label={`${t('common.edit')} ${s.name}`}
                    onClick={() => setEditing(s)}
                  >
                    {t('common.edit')}
                  </Button>
                  <Button
                    size="compact-xs"
                    color="red"
                    variant="light"
                    aria-label={`${t('common.delete')} ${s.name}`}
                    onClick={() => setDeleting(s)}
                  >
                    {t('common.delete')}
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {list.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
      {list.data?.length === 0 && <Text c="dimmed">{t('strategy.empty')}</Text>}
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
