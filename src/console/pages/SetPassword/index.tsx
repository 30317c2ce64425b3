import { Alert, Anchor, Button, Center, Group, Paper, PasswordInput, Stack, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { LanguageSwitcher } from '../../components/LanguageSwitcher.tsx';

/** /set-password?token=…: the page an invitation or a password-reset mail links to. */
export function SetPasswordPage() {
  const { t } = useTranslation();
  const [token] = useState(() => new URLSearchParams(location.search).get('token') ?? '');
  const [newPassword, setNewPassword] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/api/console/auth/set-password', { token, newPassword });
      setDone(true);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Center mih="100vh" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" radius="md" w={380}>
        <form onSubmit={submit}>
          <Stack>
            <Group justify="space-between">
              <Title order={3}>{t('email.setPasswordTitle')}</Title>
              <LanguageSwitcher />
            </Group>
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            {done ? (
              <Alert color="green" role="status">
                {t('email.passwordSet')}
              </Alert>
            ) : (
              <>
                <PasswordInput
                  label={t('email.newPassword')}
                  value={newPassword}
                  onChange={(e) => setNewPassword(e.currentTarget.value)}
                  required
                  autoComplete="new-password"
                />
                <Button type="submit" loading={busy} fullWidth>
                  {t('email.setPassword')}
                </Button>
              </>
            )}
            <Anchor href="/" size="sm" ta="center">
              {t('email.backToLogin')}
            </Anchor>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
