import {
  Alert,
  Button,
  Group,
  NumberInput,
  Paper,
  PasswordInput,
  Select,
  Stack,
  Switch,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EmailSettings, EmailSettingsInput } from '../../../shared/email.ts';
import { api } from '../../api/client.ts';
import { SettingsTabs } from '../Settings/SettingsTabs.tsx';

/** Settings → Email: SMTP for invitations, password reset and email login verification. */
export default function SettingsEmailPage() {
  const { t } = useTranslation();
  const saved = useQuery({
    queryKey: ['email-settings'],
    queryFn: () => api<EmailSettings>('GET', '/api/console/settings/email'),
  });
  const [draft, setDraft] = useState<EmailSettingsInput | null>(null);
  const [testTo, setTestTo] = useState('');
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (saved.data && !draft) {
      const { passwordSet: _p, configured: _c, linkOrigin: _l, ...rest } = saved.data;
      setDraft({ ...rest, password: '' });
    }
  }, [saved.data, draft]);
  if (!draft) return null;
  const set = (patch: Partial<EmailSettingsInput>) => setDraft({ ...draft, ...patch });
  async function run(action: () => Promise<string>) {
    setBusy(true);
    setNotice(null);
    try {
      setNotice({ ok: true, text: await action() });
    } catch (err) {
      setNotice({ ok: false, text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  }
  const save = async () => {
    if (!draft) return '';
    const { password, ...rest } = draft;
    await api<EmailSettings>('PUT', '/api/console/settings/email', password ? draft : rest);
    return t('ldap.saved');
  };
  const sendTest = async () => {
    await api('POST', '/api/console/settings/email/test', { to: testTo });
    return t('email.testSent');
  };
  return (
    <Stack>
      <Title order={2}>{t('settings.title')}</Title>
      <SettingsTabs active="email" />
      <Paper withBorder p="md">
        <Stack>
          <Group grow>
            <TextInput
              label={t('email.host')}
              value={draft.host}
              onChange={(e) => set({ host: e.currentTarget.value })}
            />
            <NumberInput
              label={t('email.port')}
              value={draft.port}
              min={1}
              max={65535}
              onChange={(v) => set({ port: Number(v) || 587 })}
            />
            <Select
              label={t('email.security')}
              value={draft.security}
              allowDeselect={false}
              data={[
                { value: 'starttls', label: t('email.securityStarttls') },
                { value: 'tls', label: t('email.securityTls') },
                { value: 'none', label: t('email.securityNone') },
              ]}
              onChange={(v) => set({ security: (v ?? 'starttls') as EmailSettingsInput['security'] })}
            />
          </Group>
          <Textarea
            label={t('email.caPem')}
            description={t('ldap.caPemHelp')}
            value={draft.caPem}
            onChange={(e) => set({ caPem: e.currentTarget.value })}
            autosize
            minRows={2}
            styles={{ input: { fontFamily: 'monospace' } }}
          />
          <Group grow>
            <TextInput
              label={t('email.username')}
              value={draft.username}
              onChange={(e) => set({ username: e.currentTarget.value })}
            />
            <PasswordInput
              label={t('email.password')}
              description={t('ldap.passwordKeep')}
              value={draft.password ?? ''}
              onChange={(e) => set({ password: e.currentTarget.value })}
              autoComplete="new-password"
            />
          </Group>
          <TextInput
            label={t('email.from')}
            placeholder="DeskGate <deskgate@corp.example>"
            value={draft.fromAddress}
            onChange={(e) => set({ fromAddress: e.currentTarget.value })}
          />
          <Switch
            label={t('email.loginVerificationAll')}
            description={t('email.loginVerificationAllHelp')}
            checked={draft.loginVerificationAll}
            onChange={(e) => set({ loginVerificationAll: e.currentTarget.checked })}
          />
          {notice && (
            <Alert color={notice.ok ? 'green' : 'red'} role={notice.ok ? 'status' : 'alert'}>
              {notice.text}
            </Alert>
          )}
          <Button loading={busy} onClick={() => void run(save)} w="fit-content">
            {t('common.save')}
          </Button>
          <Group align="flex-end">
            <TextInput
              type="email"
              label={t('email.testTo')}
              value={testTo}
              onChange={(e) => setTestTo(e.currentTarget.value)}
            />
            <Button variant="default" loading={busy} disabled={!testTo} onClick={() => void run(sendTest)}>
              {t('email.sendTest')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
