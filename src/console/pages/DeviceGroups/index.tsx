import { Alert, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceGroup } from '../../../shared/access.ts';
import { api } from '../../api/client.ts';
import { ConfirmDelete } from '../../components/ConfirmDelete.tsx';
import { NameNoteModal } from '../../components/NameNoteModal.tsx';
import { GrantsModal } from './GrantsModal.tsx';
import { useDeviceGroups, useGroupOptions, useUserOptions } from './options.ts';

/** Device groups: create, rename, delete, and grant each to users and user groups. */
export default function DeviceGroupsPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const list = useDeviceGroups();
  const users = useUserOptions();
  const groups = useGroupOptions();
  const [editing, setEditing] = useState<DeviceGroup | 'new' | null>(null);
  const [granting, setGranting] = useState<DeviceGroup | null>(null);
  const [deleting, setDeleting] = useState<DeviceGroup | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['device-groups'] });
  const labelOf = (options: Array<{ value: string; label: string }> | undefined, id: string) =>
    options?.find((o) => o.value === id)?.label ?? id;
  const grantees = (g: DeviceGroup) =>
    [
      ...g.groupIds.map((id) => labelOf(groups.data, id)),
      ...g.userIds.map((id) => labelOf(users.data, id)),
    ].join(', ') || t('deviceGroups.nobody');

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('deviceGroups.title')}
        </Title>
        <Button onClick={() => setEditing('new')}>{t('deviceGroups.new')}</Button>
      </Group>
      <Text c="dimmed" size="sm">
        {t('deviceGroups.intro')}
      </Text>
      {list.error && (
        <Alert color="red" role="alert">
          {list.error.message}
        </Alert>
      )}
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('deviceGroups.name')}</Table.Th>
            <Table.Th>{t('common.note')}</Table.Th>
            <Table.Th>{t('deviceGroups.devices')}</Table.Th>
            <Table.Th>{t('deviceGroups.grantedTo')}</Table.Th>
            <Table.Th>{t('common.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data?.map((g) => (
            <Table.Tr key={g.id}>
              <Table.Td>{g.name}</Table.Td>
              <Table.Td>{g.note}</Table.Td>
              <Table.Td>{g.deviceCount}</Table.Td>
              <Table.Td>{grantees(g)}</Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Button
                    size="compact-xs"
                    variant="default"
                    aria-label={`${t('deviceGroups.access')} ${g.name}`}
                    onClick={() => setGranting(g)}
                  >
                    {t('deviceGroups.access')}
                  </Button>
                  <Button
                    size="compact-xs"
                    variant="default"
                    aria-label={`${t('common.edit')} ${g.name}`}
                    onClick={() => setEditing(g)}
                  >
                    {t('common.edit')}
                  </Button>
                  <Button
                    size="compact-xs"
                    color="red"
                    variant="light"
                    aria-label={`${t('common.delete')} ${g.name}`}
                    onClick={() => setDeleting(g)}
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
      {list.data?.length === 0 && <Text c="dimmed">{t('deviceGroups.empty')}</Text>}
      {editing && (
        <NameNoteModal
          item={editing === 'new' ? undefined : editing}
          collection="/api/console/device-groups"
          titles={{ new: t('deviceGroups.new'), edit: t('deviceGroups.edit') }}
          nameLabel={t('deviceGroups.name')}
          onDone={() => {
            setEditing(null);
            void refresh();
          }}
        />
      )}
      {granting && (
        <GrantsModal
          group={granting}
          users={users.data ?? []}
          groups={groups.data ?? []}
          onDone={() => {
            setGranting(null);
            void refresh();
          }}
        />
      )}
      {deleting && (
        <ConfirmDelete
          name={deleting.name}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api('DELETE', `/api/console/device-groups/${deleting.id}`);
            setDeleting(null);
            await refresh();
          }}
        />
      )}
    </Stack>
  );
}
