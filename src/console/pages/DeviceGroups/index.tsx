import { Stack } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceGroup } from '../../../shared/access.ts';
import { useCan } from '../../api/can.ts';
import { api } from '../../api/client.ts';
import { ConfirmDelete } from '../../components/ConfirmDelete.tsx';
import { useClientList } from '../../components/client-list.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ListHeader } from '../../components/ListHeader.tsx';
import { NameNoteModal } from '../../components/NameNoteModal.tsx';
import { GrantsModal } from './GrantsModal.tsx';
import { useDeviceGroups, useGroupOptions, useUserOptions } from './options.ts';

const SORT = {
  name: (g: DeviceGroup) => g.name.toLocaleLowerCase(),
  devices: (g: DeviceGroup) => g.deviceCount,
};

/** Device groups: create, rename, delete, and grant each to users and user groups. */
export default function DeviceGroupsPage() {
  const { t } = useTranslation();
  const canManage = useCan('device-groups', 'manage');
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

  const table = useClientList(list.data, { text: (g) => `${g.name} ${g.note}`, sortValues: SORT });
  const columns: Column<DeviceGroup>[] = [
    { key: 'name', header: t('deviceGroups.name'), sortable: true, render: (g) => g.name },
    { key: 'note', header: t('common.note'), render: (g) => g.note },
    { key: 'devices', header: t('deviceGroups.devices'), sortable: true, render: (g) => g.deviceCount },
    { key: 'grantedTo', header: t('deviceGroups.grantedTo'), render: grantees },
  ];

  return (
    <Stack>
      <ListHeader
        title={t('deviceGroups.title')}
        create={canManage && { label: t('deviceGroups.new'), onClick: () => setEditing('new') }}
        intro={t('deviceGroups.intro')}
        error={list.error}
      />
      <DataTable
        label={t('deviceGroups.title')}
        {...table}
        rowKey={(g) => g.id}
        rowName={(g) => g.name}
        columns={columns}
        empty={t('deviceGroups.empty')}
        loading={list.isPending}
        actions={(g) =>
          canManage
            ? [
                { label: t('deviceGroups.access'), onClick: () => setGranting(g) },
                { label: t('common.edit'), onClick: () => setEditing(g) },
                { label: t('common.delete'), onClick: () => setDeleting(g), color: 'red' },
              ]
            : []
        }
      />
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
