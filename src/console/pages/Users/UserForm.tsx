import { Alert, Button, Checkbox, Group, PasswordInput, Select, Stack, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User, Group as UserGroup } from '../../../shared/accounts.ts';
import { api } from '../../api/client.ts';
import { errorText } from '../../api/error-text.ts';
import { useRequiredCheck } from '../../components/required-check.tsx';

export interface UserFormValues {
  username: string;
  displayName: string;
  email: string;
  password: string;
  groupId: string;
  isAdmin: boolean;
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
  const [v, setV] = useState<UserFormValues>({
    username: user?.username ?? '',
    displayName: user?.displayName ?? '',
    email: user?.email ?? '',
    password: '',
    groupId: user?.groupId ?? '',
    isAdmin: user?.isAdmin ?? false,
    enabled: user?.enabled ?? true,
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof UserFormValues>(k: K, value: UserFormValues[K]) =>
    setV((old) => ({ ...old, [k]: value }));

  const required = useRequiredCheck();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!required.check(e.currentTarget as HTMLFormElement)) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit(v);
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      {required.alert}
      <Stack>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
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
        <Checkbox
          label={t('users.admin')}
          checked={v.isAdmin}
          onChange={(e) => set('isAdmin', e.currentTarget.checked)}
        />
        <Checkbox
          label={t('users.enabled')}
          checked={v.enabled}
          onChange={(e) => set('enabled', e.currentTarget.checked)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {user ? t('common.save') : t('common.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
