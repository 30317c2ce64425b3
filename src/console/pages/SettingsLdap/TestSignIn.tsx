import { Alert, Button, Group, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LdapTestSignInResult } from '../../../shared/ldap.ts';
import { api } from '../../api/client.ts';

/** Test sign-in: what a directory sign-in would do with the saved settings, without creating the account. */
export function TestSignIn() {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      const r = await api<LdapTestSignInResult>('POST', '/api/console/settings/ldap/test-sign-in', {
        username,
        password,
      });
      const text = r.entry
        ? `${r.message} ${t('ldap.testOk', {
            dn: r.entry.dn,
            groups: r.entry.groups.join('; ') || '—',
            admin: t(r.entry.isAdmin ? 'common.yes' : 'common.no'),
          })}`
        : r.message;
      setResult({ ok: r.ok, text });
    } catch (err) {
      setResult({ ok: false, text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit}>
        <Stack>
          <Title order={4}>{t('ldap.testSignIn')}</Title>
          <Group grow align="flex-end">
            <TextInput
              label={t('login.username')}
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
              required
            />
            <PasswordInput
              label={t('login.password')}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              required
              autoComplete="off"
            />
            <Button type="submit" variant="default" loading={busy}>
              {t('ldap.testSignIn')}
            </Button>
          </Group>
          {result && (
            <Alert color={result.ok ? 'green' : 'red'} role={result.ok ? 'status' : 'alert'}>
              {result.text}
            </Alert>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
