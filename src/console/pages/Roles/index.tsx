import { Alert, Badge, Button, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONSOLE_AREAS, type Permissions, type Role } from '../../../shared/roles.ts';
import { useCan } from '../../api/can.ts';
import { api } from '../../api/client.ts';
import { roleLabel, useRoles } from '../../api/roles.ts';
import { ConfirmDelete } from '../../components/ConfirmDelete.tsx';
import { SettingsTabs } from '../Settings/SettingsTabs.tsx';
import { RoleForm } from './RoleForm.tsx';
import { RoleMatrix } from './RoleMatrix.tsx';

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

  return (
    <Stack>
      <Title order={2}>{t('settings.title')}</Title>
      <SettingsTabs active="roles" />
      <Group justify="space-between">
        <Title order={3}>{t('roles.title')}</Title>
        {canManage && <Button onClick={() => setEditing('new')}>{t('roles.new')}</Button>}
      </Group>
      <Text c="dimmed">{t('roles.intro')}</Text>
      {!canManage && <Alert color="gray">{t('roles.readOnly')}</Alert>}
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('roles.name')}</Table.Th>
            <Table.Th>{t('roles.permissions')}</Table.Th>
            <Table.Th>{t('roles.users')}</Table.Th>
            <Table.Th>{t('common.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {roles.data?.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                <Group gap={6}>
                  <Text fw={500}>{roleLabel(t, r)}</Text>
                  {r.builtIn && <Badge variant="light">{t('roles.builtIn')}</Badge>}
                </Group>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{summary(r.permissions)}</Text>
              </Table.Td>
              <Table.Td>{r.userCount}</Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  {r.builtIn || !canManage ? (
                    <Button size="compact-xs" variant="default" onClick={() => setViewing(r)}>
                      {t('roles.permissions')}
                    </Button>
                  ) : (
                    <>
                      <Button
                        size="compact-xs"
                        variant="default"
                        aria-label={`${t('common.edit')} ${r.name}`}
                        onClick={() => setEditing(r)}
                      >
                        {t('common.edit')}
                      </Button>
                      <Button
                        size="compact-xs"
                        color="red"
                        variant="light"
                        aria-label={`${t('common.delete')} ${r.name}`}
                        onClick={() => setDeleting(r)}
                      >
                        {t('common.delete')}
                      </Button>
                    </>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
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
