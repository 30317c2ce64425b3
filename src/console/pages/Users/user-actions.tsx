import { Alert, Code, Modal, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/accounts.ts';
import { useCan } from '../../api/can.ts';
import { api } from '../../api/client.ts';
import { errorText } from '../../api/error-text.ts';
import { ConfirmDelete } from '../../components/ConfirmDelete.tsx';
import type { RowAction } from '../../components/DataTable.tsx';
import { UserForm, type UserFormValues } from './UserForm.tsx';

/**
 * What an admin does to a user — edit, disable/enable, reset password, delete — with the dialogs
 * those need; shared by the Users list's row menu and the user page's buttons.
 */
export function useUserActions({ onDeleted }: { onDeleted?: () => void } = {}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [deleting, setDeleting] = useState<User | null>(null);
  const [newPassword, setNewPassword] = useState<{ name: string; password: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['users'] });
  const act = (fn: () => Promise<unknown>) => {
    setError(null);
    fn().then(refresh, (e: unknown) => setError(errorText(t, e)));
  };

  async function save(v: UserFormValues) {
    const body = {
      username: v.username,
      displayName: v.displayName,
      email: v.email,
      roleId: v.roleId || null,
      enabled: v.enabled,
      ...(v.groupId ? { groupId: v.groupId } : {}),
    };
    if (editing === 'new')
      await api('POST', '/api/console/users', { ...body, ...(v.password ? { password: v.password } : {}) });
    else if (editing) await api('PATCH', `/api/console/users/${editing.id}`, body);
    setEditing(null);
    await refresh();
  }

  const toggle = (u: User) => act(() => api('PATCH', `/api/console/users/${u.id}`, { enabled: !u.enabled }));
  const resetPassword = (u: User) =>
    act(async () =>
      setNewPassword({
        name: u.username,
        ...(await api<{ password: string }>('POST', `/api/console/users/${u.id}/password`, {})),
      }),
    );

  const canManage = useCan('users', 'manage');
  // Who may only read users gets no row menu at all (the server refuses the changes anyway).
  const actionsFor = (u: User): RowAction[] => (canManage ? allActionsFor(u) : []);
  const allActionsFor = (u: User): RowAction[] => [
    { label: t('common.edit'), onClick: () => setEditing(u) },
    { label: u.enabled ? t('users.disable') : t('users.enable'), onClick: () => toggle(u) },
    { label: t('users.resetPassword'), onClick: () => resetPassword(u) },
    { label: t('common.delete'), onClick: () => setDeleting(u), color: 'red' },
  ];

  const dialogs = (
    <>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
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
            onDeleted?.();
          }}
        />
      )}
      {newPassword && (
        <Modal opened onClose={() => setNewPassword(null)} title={t('users.resetPassword')}>
          <Text>{t('users.newPasswordIs', { name: newPassword.name })}</Text>
          <Code block>{newPassword.password}</Code>
        </Modal>
      )}
    </>
  );
  return { actionsFor, create: () => setEditing('new'), dialogs };
}
