import { Alert, Button, CopyButton, Fieldset, Group, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProviderDirectory, ScimTokenIssued } from '../../../shared/directory.ts';
import { api } from '../../api/client.ts';

/** A read-only URL or secret with a Copy button, labelled with the IdP portal's field name. */
function CopyField({ label, description, value }: { label: string; description?: string; value: string }) {
  const { t } = useTranslation();
  return (
    <Group align="flex-end">
      <TextInput label={label} description={description} value={value} readOnly style={{ flex: 1 }} />
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Button variant="default" onClick={copy}>
            {copied ? t('common.copied') : t('common.copy')}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}

/**
 * A saved provider's directory sync and IdP-started logout (issue 12): the SCIM Tenant URL and Secret Token
 * (generated here, shown once), and the back-channel and front-channel logout URLs to register at the IdP.
 */
export function ProviderDirectorySync({ providerId }: { providerId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const key = ['provider-directory', providerId];
  const directory = useQuery({
    queryKey: key,
    queryFn: () => api<ProviderDirectory>('GET', `/api/console/sso/providers/${providerId}/directory`),
  });
  const [issued, setIssued] = useState<string | null>(null);
  const rotate = useMutation({
    mutationFn: () => api<ScimTokenIssued>('POST', `/api/console/sso/providers/${providerId}/scim-token`),
    onSuccess: async (result) => {
      setIssued(result.token);
      await queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const revoke = useMutation({
    mutationFn: () => api('DELETE', `/api/console/sso/providers/${providerId}/scim-token`),
    onSuccess: async () => {
      setIssued(null);
      await queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const d = directory.data;
  if (!d) return null;
  return (
    <Stack gap="sm">
      <Fieldset legend={t('scim.title')}>
        <Stack gap="sm">
          <Text size="sm">{t('scim.help')}</Text>
          <CopyField label={t('scim.tenantUrl')} value={d.scimTenantUrl} />
          {issued ? (
            <>
              <CopyField label={t('scim.secretToken')} value={issued} />
              <Alert color="yellow" role="status">
                {t('scim.shownOnce')}
              </Alert>
            </>
          ) : (
            <Text size="sm" c="dimmed">
              {d.scimTokenCreatedAt
                ? t('scim.tokenCreated', { date: new Date(d.scimTokenCreatedAt).toLocaleString() })
                : t('scim.noToken')}
            </Text>
          )}
          <Group>
            <Button variant="light" loading={rotate.isPending} onClick={() => rotate.mutate()}>
              {d.scimTokenCreatedAt ? t('scim.rotate') : t('scim.generate')}
            </Button>
            {d.scimTokenCreatedAt && (
              <Button variant="subtle" color="red" loading={revoke.isPending} onClick={() => revoke.mutate()}>
                {t('scim.revoke')}
              </Button>
            )}
          </Group>
        </Stack>
      </Fieldset>
      <Fieldset legend={t('logout.title')}>
        <Stack gap="sm">
          <CopyField
            label={t('logout.frontChannelUrl')}
            description={t('logout.frontChannelHelp')}
            value={d.frontchannelLogoutUrl}
          />
          <CopyField
            label={t('logout.backChannelUrl')}
            description={t('logout.backChannelHelp')}
            value={d.backchannelLogoutUrl}
          />
        </Stack>
      </Fieldset>
    </Stack>
  );
}
