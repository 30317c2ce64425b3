import { Checkbox, PasswordInput, Select, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User, Group as UserGroup } from '../../../shared/accounts.ts';
import { api } from '../../api/client.ts';
import { roleLabel, useRoles } from '../../api/roles.ts';
import { SubmitForm } from '../../components/SubmitForm.tsx';

export interface UserFormValues {
  username: string;
  displayName: string;
  email: string;
  password: string;
  groupId: string;
  /** '' = no role. */
  roleId: string;
  enabled: boolean;
}

/** Create or edit a user; the password field appears only on create. */
export function UserForm({
  user,
  onSubmit,
  onCancel,
}: {
  user?: User;
  onSubmit: (v: UserFormValues) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const groups = useQuery({
    queryKey: ['groups'],
    queryFn: () => api<UserGroup[]>('GET', '/api/console/groups'),
  });
  const roles = useRoles();
  const [v, setV] = useState<UserFormValues>({
    username: user?.username ?? '',
    displayName: user?.displayName ?? '',
    email: user?.email ?? '',
    password: '',
    groupId: user?.groupId ?? '',
    roleId: user?.roleId ?? '',
    enabled: user?.enabled ?? true,
  });
  const set = <K extends keyof UserFormValues>(k: K, value: UserFormValues[K]) =>
    setV((old) => ({ ...old, [k]: value }));

  return (
    <SubmitForm
      onSubmit={() => onSubmit(v)}
      onCancel={onCancel}
      submitLabel={user ? t('common.save') : t('common.create')}
    >
      <TextInput
        label={t('users.username')}
        value={v.username}
        onChange={(e) => set('username', e.currentTarget.value)}
        required
      />
      <TextInput
        label={t('users.displayName')}
        value={v.displayName}
        onChange={(e) => set('displayName', e.currentTarget.value)}
      />
      <TextInput
        label={t('users.email')}
        type="email"
        value={v.email}
        onChange={(e) => set('email', e.currentTarget.value)}
      />
      {!user && (
        <PasswordInput
          label={t('users.password')}
          value={v.password}
          onChange={(e) => set('password', e.currentTarget.value)}
        />
      )}
      <Select
        label={t('users.group')}
        data={(groups.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
        value={v.groupId || (groups.data?.find((g) => g.isDefault)?.id ?? null)}
        onChange={(id) => id && set('groupId', id)}
        allowDeselect={false}
      />
      <Select
        label={t('roles.role')}
        data={[
          { value: '', label: t('roles.noRole') },
          ...(roles.data ?? []).map((r) => ({ value: r.id, label: roleLabel(t, r) })),
        ]}
        value={v.roleId}
        onChange={(id) => set('roleId', id ?? '')}
        allowDeselect={false}
      />
      <Checkbox
        label={t('users.enabled')}
        checked={v.enabled}
        onChange={(e) => set('enabled', e.currentTarget.checked)}
      />
    </SubmitForm>
  );
}
