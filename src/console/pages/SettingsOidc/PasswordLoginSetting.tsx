import { Alert, Paper, Switch } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SsoSettings } from '../../../shared/sso.ts';
import { api } from '../../api/client.ts';

/** "Hide the password form": the login page then leads with the providers; /login?local=1 keeps the local path. */
export function PasswordLoginSetting() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const settings = useQuery({
    queryKey: ['sso-settings-full'],
    queryFn: () => api<SsoSettings>('GET', '/api/console/sso/settings'),
  });
  async function toggle(hidePasswordLogin: boolean) {
    setError(null);
    try {
      const saved = await api<SsoSettings>('PUT', '/api/console/sso/settings', { hidePasswordLogin });
      client.setQueryData(['sso-settings-full'], saved);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  return (
    <Paper withBorder p="md">
      <Switch
        label={t('oidc.hidePasswordLogin')}
        description={t('oidc.hidePasswordLoginHelp')}
        checked={settings.data?.hidePasswordLogin ?? false}
        disabled={!settings.data}
        onChange={(e) => void toggle(e.currentTarget.checked)}
      />
      {error && (
        <Alert color="red" role="alert" mt="sm">
          {error}
        </Alert>
      )}
    </Paper>
  );
}
