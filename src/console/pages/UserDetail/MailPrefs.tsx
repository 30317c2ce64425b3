import { Alert, Button, Group, Paper, Select, Stack, Switch, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/accounts.ts';
import type { MailPrefs } from '../../../shared/email.ts';
import { api } from '../../api/client.ts';

/** The user's mail language and email login verification, and "Send invitation" (a set-your-password link). */
export function MailPrefsSection({ user }: { user: User }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const key = ['mail-prefs', user.id];
  const prefs = useQuery({
    queryKey: key,
    queryFn: () => api<MailPrefs>('GET', `/api/console/users/${user.id}/mail-prefs`),
  });
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  async function save(patch: Partial<MailPrefs>) {
    if (!prefs.data) return;
    setNotice(null);
    try {
      client.setQueryData(
        key,
        await api<MailPrefs>('PUT', `/api/console/users/${user.id}/mail-prefs`, { ...prefs.data, ...patch }),
      );
    } catch (err) {
      setNotice({ ok: false, text: err instanceof Error ? err.message : String(err) });
    }
  }
  async function invite() {
    setNotice(null);
    try {
      await api('POST', `/api/console/users/${user.id}/invite`, {});
      setNotice({ ok: true, text: t('email.invited') });
    } catch (err) {
      setNotice({ ok: false, text: err instanceof Error ? err.message : String(err) });
    }
  }
  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={4}>{t('email.prefsTitle')}</Title>
        <Group align="flex-end">
          <Select
            label={t('email.language')}
            value={prefs.data?.language ?? 'en'}
            allowDeselect={false}
            disabled={!prefs.data}
            data={[
              { value: 'en', label: 'English' },
              { value: 'ja', label: '日本語' },
            ]}
            onChange={(v) => void save({ language: v === 'ja' ? 'ja' : 'en' })}
          />
          <Button variant="default" disabled={!user.email} onClick={() => void invite()}>
            {t('email.invite')}
          </Button>
        </Group>
        <Switch
          label={t('email.loginVerification')}
          checked={prefs.data?.loginVerification ?? false}
          disabled={!prefs.data}
          onChange={(e) => void save({ loginVerification: e.currentTarget.checked })}
        />
        {notice && (
          <Alert color={notice.ok ? 'green' : 'red'} role={notice.ok ? 'status' : 'alert'}>
            {notice.text}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
