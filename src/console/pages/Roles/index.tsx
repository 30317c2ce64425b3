import { Alert, Badge, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONSOLE_AREAS, type Permissions, type Role } from '../../../shared/roles.ts';
import { useCan } from '../../api/can.ts';
import { api } from '../../api/client.ts';
import { roleLabel, useRoles } from '../../api/roles.ts';
import { ConfirmDelete } from '../../components/ConfirmDelete.tsx';
import { useClientList } from '../../components/client-list.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ListHeader } from '../../components/ListHeader.tsx';
import { SettingsTabs } from '../Settings/SettingsTabs.tsx';
import { RoleForm } from './RoleForm.tsx';
import { RoleMatrix } from './RoleMatrix.tsx';

// Built-in roles keep their order (Administrator, Helpdesk, Auditor) until a column is sorted.
const SORT = {
  name: (r: Role) => r.name.toLocaleLowerCase(),
  users: (r: Role) => r.userCount,
};

/** Settings → Roles: the built-in and custom roles, their matrices, creating and editing custom ones. */
export default function RolesPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const roles = useRoles();
  const canManage = useCan('settings', 'manage');
  const [editing, setEditing] = useState<Role | 'new' | null>(null);
  const [viewing, setViewing] = useState<Role | null>(null);
  const [deleting, setDeleting] = useState<Role | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['roles'] });

  async function save(v: { name: string; permissions: Permissions }) {
    if (editing === 'new') await api('POST', '/api/console/roles', v);
    else if (editing) await api('PATCH', `/api/console/roles/${editing.id}`, v);
    setEditing(null);
    await refresh();
  }
  const summary = (p: Permissions) =>
    CONSOLE_AREAS.filter((a) => (p[a] ?? 'none') !== 'none')
      .map((a) => `${t(`roles.area.${a}`)}: ${t(`roles.level.${p[a]}`)}`)
      .join(', ') || t('roles.level.none');
  const table = useClientList(roles.data, {
    text: (r) => `${roleLabel(t, r)} ${summary(r.permissions)}`,
    sortValues: SORT,
  });
  const columns: Column<Role>[] = [
    {
      key: 'name',
      header: t('roles.name'),
      sortable: true,
      render: (r) => (
        <Group gap={6}>
          <Text fw={500}>{roleLabel(t, r)}</Text>
          {r.builtIn && (
            <Badge variant="light" style={{ minWidth: 'max-content' }}>
              {t('roles.builtIn')}
            </Badge>
          )}
        </Group>
      ),
    },
    {
      key: 'permissions',
      header: t('roles.permissions'),
      render: (r) => <Text size="sm">{summary(r.permissions)}</Text>,
    },
    { key: 'users', header: t('roles.users'), sortable: true, render: (r) => r.userCount },
  ];

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('settings.title')}
      </Title>
      <SettingsTabs active="roles" />
      <ListHeader
        title={t('roles.title')}
        level="section"
        create={canManage && { label: t('roles.new'), onClick: () => setEditing('new') }}
        intro={t('roles.intro')}
        error={roles.error}
      />
      {!canManage && <Alert color="gray">{t('roles.readOnly')}</Alert>}
      <DataTable
        label={t('roles.title')}
        {...table}
        rowKey={(r) => r.id}
        rowName={(r) => roleLabel(t, r)}
        columns={columns}
        empty={t('roles.empty')}
        loading={roles.isPending}
        actions={(r) =>
          r.builtIn || !canManage
            ? [{ label: t('roles.permissions'), onClick: () => setViewing(r) }]
            : [
                { label: t('common.edit'), onClick: () => setEditing(r) },
                { label: t('common.delete'), color: 'red', onClick: () => setDeleting(r) },
              ]
        }
      />
      {editing && (
        <Modal
          opened
          size="lg"
          onClose={() => setEditing(null)}
          title={editing === 'new' ? t('roles.new') : t('roles.edit')}
        >
          <RoleForm
            {...(editing === 'new' ? {} : { role: editing })}
            onSubmit={save}
            onCancel={() => setEditing(null)}
          />
        </Modal>
      )}
      {viewing && (
        <Modal opened size="lg" onClose={() => setViewing(null)} title={roleLabel(t, viewing)}>
          <Stack>
            {viewing.builtIn && <Text c="dimmed">{t('roles.builtInHelp')}</Text>}
            <RoleMatrix value={viewing.permissions} />
          </Stack>
        </Modal>
      )}
      {deleting && (
        <ConfirmDelete
          name={deleting.name}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api('DELETE', `/api/console/roles/${deleting.id}`);
            setDeleting(null);
            await refresh();
          }}
        />
      )}
    </Stack>
  );
}
