import { Badge, Button, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group as UserGroup, UserPage } from '../../../shared/accounts.ts';
import { api } from '../../api/client.ts';
import { ConfirmDelete } from '../../components/ConfirmDelete.tsx';
import { NameNoteModal } from '../../components/NameNoteModal.tsx';
import { DeviceAccessModal } from './DeviceAccessModal.tsx';

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
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('groups.title')}
        </Title>
        <Button onClick={() => setEditing('new')}>{t('groups.new')}</Button>
      </Group>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('groups.name')}</Table.Th>
            <Table.Th>{t('common.note')}</Table.Th>
            <Table.Th>{t('groups.members')}</Table.Th>
            <Table.Th>{t('common.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {groups.data?.map((g) => (
            <Table.Tr key={g.id}>
              <Table.Td>
                {g.name}{' '}
                {g.isDefault && <Badge title={t('groups.default')}>{t('groups.defaultBadge')}</Badge>}
              </Table.Td>
              <Table.Td>{g.note}</Table.Td>
              <Table.Td>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  aria-label={`${t('groups.members')} ${g.name}: ${g.memberCount}`}
                  onClick={() => setMembers(g)}
                >
                  {g.memberCount}
                </Button>
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  <Button
                    size="compact-xs"
                    variant="default"
                    aria-label={`${t('groups.deviceAccess')} ${g.name}`}
                    onClick={() => setAccess(g)}
                  >
                    {t('groups.deviceAccess')}
                  </Button>
                  <Button
                    size="compact-xs"
                    variant="default"
                    aria-label={`${t('common.edit')} ${g.name}`}
                    onClick={() => setEditing(g)}
                  >
                    {t('common.edit')}
                  </Button>
                  {!g.isDefault && (
                    <Button
                      size="compact-xs"
                      color="red"
                      variant="light"
                      aria-label={`${t('common.delete')} ${g.name}`}
                      onClick={() => setDeleting(g)}
                    >
                      {t('common.delete')}
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {groups.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
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
