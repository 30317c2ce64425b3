import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  Modal,
  Pagination,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { User, UserPage } from '../../../shared/accounts.ts';
import { api } from '../../api/client.ts';
import { ConfirmDelete } from '../../components/ConfirmDelete.tsx';
import { UserForm, type UserFormValues } from './UserForm.tsx';

const PAGE_SIZE = 20;

/** Users: server-side search and pagination; create, edit, disable, reset password, delete. */
export default function UsersPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [deleting, setDeleting] = useState<User | null>(null);
  const [newPassword, setNewPassword] = useState<{ name: string; password: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const users = useQuery({
    queryKey: ['users', page, search],
    queryFn: () =>
      api<UserPage>(
        'GET',
        `/api/console/users?page=${page}&pageSize=${PAGE_SIZE}&search=${encodeURIComponent(search)}`,
      ),
    placeholderData: keepPreviousData,
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['users'] });
  const act = (fn: () => Promise<unknown>) => {
    setError(null);
    fn().then(refresh, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };

  async function save(v: UserFormValues) {
    const body = {
      username: v.username,
      displayName: v.displayName,
      email: v.email,
      isAdmin: v.isAdmin,
      enabled: v.enabled,
      ...(v.groupId ? { groupId: v.groupId } : {}),
    };
    if (editing === 'new')
      await api('POST', '/api/console/users', { ...body, ...(v.password ? { password: v.password } : {}) });
    else if (editing) await api('PATCH', `/api/console/users/${editing.id}`, body);
    setEditing(null);
    await refresh();
  }

  const rows = users.data?.items.map((u) => (
    <Table.Tr key={u.id}>
      <Table.Td>
        <Anchor component={Link} to={`/users/${u.id}`} fw={500}>
          {u.username}
        </Anchor>
        <Text size="xs" c="dimmed">
          {u.displayName}
        </Text>
      </Table.Td>
      <Table.Td>{u.email}</Table.Td>
      <Table.Td>{u.groupName}</Table.Td>
      <Table.Td>
        <Group gap={4}>
          <Badge color={u.enabled ? 'green' : 'gray'}>
            {u.enabled ? t('users.statusEnabled') : t('users.statusDisabled')}
          </Badge>
          {u.isAdmin && <Badge color="violet">{t('users.admin')}</Badge>}
        </Group>
      </Table.Td>
      <Table.Td>{u.lastLoginAt ? new Date(u.lastLoginAt).toLocaleString() : t('users.never')}</Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <Button
            size="compact-xs"
            variant="default"
            onClick={() => setEditing(u)}
            aria-label={`${t('common.edit')} ${u.username}`}
          >
            {t('common.edit')}
          </Button>
          <Button
            size="compact-xs"
            variant="default"
            aria-label={`${u.enabled ? t('users.disable') : t('users.enable')} ${u.username}`}
            onClick={() => act(() => api('PATCH', `/api/console/users/${u.id}`, { enabled: !u.enabled }))}
          >
            {u.enabled ? t('users.disable') : t('users.enable')}
          </Button>
          <Button
            size="compact-xs"
            variant="default"
            aria-label={`${t('users.resetPassword')} ${u.username}`}
            onClick={() =>
              act(async () =>
                setNewPassword({
                  name: u.username,
                  ...(await api<{ password: string }>('POST', `/api/console/users/${u.id}/password`, {})),
                }),
              )
            }
          >
            {t('users.resetPassword')}
          </Button>
          <Button
            size="compact-xs"
            color="red"
            variant="light"
            aria-label={`${t('common.delete')} ${u.username}`}
            onClick={() => setDeleting(u)}
          >
            {t('common.delete')}
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  ));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('users.title')}
        </Title>
        <Button onClick={() => setEditing('new')}>{t('users.new')}</Button>
      </Group>
      <TextInput
        aria-label={t('common.search')}
        placeholder={t('common.search')}
        value={search}
        onChange={(e) => {
          setSearch(e.currentTarget.value);
          setPage(1);
        }}
      />
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('users.username')}</Table.Th>
            <Table.Th>{t('users.email')}</Table.Th>
            <Table.Th>{t('users.group')}</Table.Th>
            <Table.Th>{t('users.status')}</Table.Th>
            <Table.Th>{t('users.lastLogin')}</Table.Th>
            <Table.Th>{t('common.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{rows}</Table.Tbody>
      </Table>
      {users.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
      {users.data?.items.length === 0 && <Text c="dimmed">{t('users.empty')}</Text>}
      {(users.data?.total ?? 0) > PAGE_SIZE && (
        <Pagination total={Math.ceil((users.data?.total ?? 0) / PAGE_SIZE)} value={page} onChange={setPage} />
      )}
      {editing && (
        <Modal
          opened
          onClose={() => setEditing(null)}
          title={editing === 'new' ? t('users.new') : t('users.edit')}
        >
          <UserForm
            {...(editing === 'new' ? {} : { user: editing })}
            onSubmit={save}
            onCancel={() => setEditing(null)}
          />
        </Modal>
      )}
      {deleting && (
        <ConfirmDelete
          name={deleting.username}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api('DELETE', `/api/console/users/${deleting.id}`);
            setDeleting(null);
            await refresh();
          }}
        />
      )}
      {newPassword && (
        <Modal opened onClose={() => setNewPassword(null)} title={t('users.resetPassword')}>
          <Text>{t('users.newPasswordIs', { name: newPassword.name })}</Text>
          <Code block>{newPassword.password}</Code>
        </Modal>
      )}
    </Stack>
  );
}
