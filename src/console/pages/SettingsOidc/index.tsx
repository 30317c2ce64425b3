import { Alert, Button, CopyButton, Group, Paper, Stack, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { SettingsTabs } from '../Settings/SettingsTabs.tsx';
import { PasswordLoginSetting } from './PasswordLoginSetting.tsx';
import { Providers } from './Providers.tsx';

const CALLBACK_PATH = '/api/oidc/callback';

/**
 * Settings → OIDC. The Callback URL is the origin of this page + the fixed path, exactly as the setup
 * guide describes; when DESKGATE_PUBLIC_URL says otherwise, the page says which one the IdP must get.
 */
export default function SettingsOidcPage() {
  const { t } = useTranslation();
  const settings = useQuery({
    queryKey: ['sso-settings'],
    queryFn: () =>
      api<{ publicUrl: string | null }>('GET', '/api/console/sso/settings').catch(() => ({
        publicUrl: null,
      })),
  });
  const callbackUrl = `${location.origin}${CALLBACK_PATH}`;
  const publicUrl = settings.data?.publicUrl;
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('settings.title')}
      </Title>
      <SettingsTabs active="oidc" />
      <Paper withBorder p="md">
        <Stack>
          <Group align="flex-end">
            <TextInput
              label={t('oidc.callbackUrl')}
              value={callbackUrl}
              readOnly
              style={{ flex: 1 }}
              description={t('oidc.callbackHelp')}
            />
            <CopyButton value={callbackUrl}>
              {({ copied, copy }) => (
                <Button variant="default" onClick={copy}>
                  {copied ? t('common.copied') : t('common.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
          {publicUrl && publicUrl !== location.origin && (
            <Alert color="yellow" role="alert">
              {t('oidc.publicUrlWarning', {
                publicUrl,
                origin: location.origin,
                expected: `${publicUrl}${CALLBACK_PATH}`,
              })}
            </Alert>
          )}
        </Stack>
      </Paper>
      <Providers />
      <PasswordLoginSetting />
    </Stack>
  );
}
