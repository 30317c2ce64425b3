import { Alert, Button, Paper, PasswordInput, Stack, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { errorText } from '../../api/error-text.ts';
import { useRequiredCheck } from '../../components/required-check.tsx';
import { SettingsTabs } from './SettingsTabs.tsx';
import { TwoFactorSettings } from './TwoFactor.tsx';

/** Settings → General: change one's own password, and one's own two-factor sign-in. */
export default function SettingsPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const required = useRequiredCheck();
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!required.check(e.currentTarget as HTMLFormElement)) return;
    try {
      await api('POST', '/api/console/auth/password', { currentPassword, newPassword });
      setResult({ ok: true, text: t('settings.passwordChanged') });
      setCurrent('');
      setNew('');
      await client.invalidateQueries({ queryKey: ['session'] });
    } catch (err) {
      setResult({ ok: false, text: errorText(t, err) });
    }
  }
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('settings.title')}
      </Title>
      <SettingsTabs active="general" />
      <Paper withBorder p="md" maw={420}>
        <form onSubmit={submit} noValidate>
          {required.alert}
          <Stack>
            <Title order={4}>{t('settings.changePassword')}</Title>
            {result && (
              <Alert color={result.ok ? 'green' : 'red'} role="alert">
                {result.text}
              </Alert>
            )}
            <PasswordInput
              label={t('settings.currentPassword')}
              value={currentPassword}
              onChange={(e) => setCurrent(e.currentTarget.value)}
              required
            />
            <PasswordInput
              label={t('settings.newPassword')}
              value={newPassword}
              onChange={(e) => setNew(e.currentTarget.value)}
              required
            />
            <Button type="submit">{t('common.save')}</Button>
          </Stack>
        </form>
      </Paper>
      <TwoFactorSettings />
    </Stack>
  );
}
