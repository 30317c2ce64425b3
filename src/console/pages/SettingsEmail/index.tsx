import {
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
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EmailSettings, EmailSettingsInput } from '../../../shared/email.ts';
import { api } from '../../api/client.ts';
import { SettingsFormFooter, useSettingsForm } from '../../components/SettingsForm.tsx';
import { SettingsTabs } from '../Settings/SettingsTabs.tsx';

// The password is write-only: the form starts empty and an empty one keeps the stored password.
function toDraft(saved: EmailSettings): EmailSettingsInput {
  const { passwordSet: _p, configured: _c, linkOrigin: _l, ...rest } = saved;
  return { ...rest, password: '' };
}

/** Settings → Email: SMTP for invitations, password reset and email login verification. */
export default function SettingsEmailPage() {
  const { t } = useTranslation();
  const form = useSettingsForm<EmailSettings, EmailSettingsInput>({
    queryKey: 'email-settings',
    path: '/api/console/settings/email',
    toDraft,
  });
  const [testTo, setTestTo] = useState('');
  const { draft, set, busy } = form;
  if (!draft) return null;
  const save = async (d: EmailSettingsInput) => {
    const { password, ...rest } = d;
    await api<EmailSettings>('PUT', '/api/console/settings/email', password ? d : rest);
    return { ok: true, text: t('ldap.saved') };
  };
  const sendTest = async () => {
    await api('POST', '/api/console/settings/email/test', { to: testTo });
    return { ok: true, text: t('email.testSent') };
  };
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('settings.title')}
      </Title>
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
          <SettingsFormFooter notice={form.notice} dirty={form.dirty}>
            <Button loading={busy} onClick={() => void form.run(save, { saves: true })}>
              {t('common.save')}
            </Button>
          </SettingsFormFooter>
          <Group align="flex-end">
            <TextInput
              type="email"
              label={t('email.testTo')}
              value={testTo}
              onChange={(e) => setTestTo(e.currentTarget.value)}
            />
            <Button
              variant="default"
              loading={busy}
              disabled={!testTo}
              onClick={() => void form.run(sendTest)}
            >
              {t('email.sendTest')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
