import { Badge, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group as UserGroup, UserPage } from '../../../shared/accounts.ts';
import { useCan } from '../../api/can.ts';
import { api } from '../../api/client.ts';
import { ConfirmDelete } from '../../components/ConfirmDelete.tsx';
import { useClientList } from '../../components/client-list.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ListHeader } from '../../components/ListHeader.tsx';
import { NameNoteModal } from '../../components/NameNoteModal.tsx';
import { DeviceAccessModal } from './DeviceAccessModal.tsx';

const groupText = (g: UserGroup) => `${g.name} ${g.note}`;
const GROUP_SORT = {
  name: (g: UserGroup) => g.name.toLocaleLowerCase(),
  members: (g: UserGroup) => g.memberCount,
};

/** User groups: create, rename, delete (never Default), member counts, which groups' devices members may access. */
export default function GroupsPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const groups = useQuery({
    queryKey: ['groups'],
    queryFn: () => api<UserGroup[]>('GET', '/api/console/groups'),
  });
  const [editing, setEditing] = useState<UserGroup | 'new' | null>(null);
  const [deleting, setDeleting] = useState<UserGroup | null>(null);
  const [members, setMembers] = useState<UserGroup | null>(null);
  const [access, setAccess] = useState<UserGroup | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['groups'] });
  const canManage = useCan('groups', 'manage');
  const list = useClientList(groups.data, {
    text: groupText,
    sortValues: GROUP_SORT,
    initialSort: { key: 'name', dir: 'asc' },
  });
  const columns: Column<UserGroup>[] = [
    {
      key: 'name',
      header: t('groups.name'),
      sortable: true,
      render: (g) => (
        <Group gap={6} wrap="wrap">
          <Text span>{g.name}</Text>
          {g.isDefault && <Badge title={t('groups.default')}>{t('groups.defaultBadge')}</Badge>}
        </Group>
      ),
    },
    { key: 'note', header: t('common.note'), render: (g) => g.note },
    {
      key: 'members',
      header: t('groups.members'),
      sortable: true,
      render: (g) => (
        <Button
          size="compact-xs"
          variant="subtle"
          aria-label={`${t('groups.members')} ${g.name}: ${g.memberCount}`}
          onClick={() => setMembers(g)}
        >
          {g.memberCount}
        </Button>
      ),
    },
  ];
  return (
    <Stack>
      <ListHeader
        title={t('groups.title')}
        create={canManage && { label: t('groups.new'), onClick: () => setEditing('new') }}
        error={groups.error}
      />
      <DataTable
        label={t('groups.title')}
        {...list}
        rowKey={(g) => g.id}
        rowName={(g) => g.name}
        columns={columns}
        empty={t('groupsList.empty')}
        loading={groups.isPending}
        actions={(g) => [
          { label: t('groups.deviceAccess'), onClick: () => setAccess(g) },
          { label: t('common.edit'), onClick: () => setEditing(g), hidden: !canManage },
          {
            label: t('common.delete'),
            onClick: () => setDeleting(g),
            color: 'red',
            hidden: !canManage || g.isDefault,
          },
        ]}
      />
      {members && <MembersModal group={members} onClose={() => setMembers(null)} />}
      {access && (
        <DeviceAccessModal group={access} groups={groups.data ?? []} onClose={() => setAccess(null)} />
      )}
      {editing && (
        <NameNoteModal
          item={editing === 'new' ? undefined : editing}
          collection="/api/console/groups"
          titles={{ new: t('groups.new'), edit: t('groups.edit') }}
          nameLabel={t('groups.name')}
          onDone={() => {
            setEditing(null);
            void refresh();
          }}
        />
      )}
      {deleting && (
        <ConfirmDelete
          name={deleting.name}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api('DELETE', `/api/console/groups/${deleting.id}`);
            setDeleting(null);
            await refresh();
          }}
        />
      )}
    </Stack>
  );
}

/** The users of one group (server-side filter). */
function MembersModal({ group, onClose }: { group: UserGroup; onClose: () => void }) {
  const { t } = useTranslation();
  const users = useQuery({
    queryKey: ['users', 'group', group.id],
    queryFn: () => api<UserPage>('GET', `/api/console/users?groupId=${group.id}&pageSize=200`),
  });
  return (
    <Modal opened onClose={onClose} title={`${t('groups.members')}: ${group.name}`}>
      <Stack gap={4}>
        {users.data?.items.map((u) => (
          <Text key={u.id}>{u.displayName ? `${u.username} (${u.displayName})` : u.username}</Text>
        ))}
        {users.data?.items.length === 0 && <Text c="dimmed">{t('users.empty')}</Text>}
      </Stack>
    </Modal>
  );
}
