import { Alert, Button, Checkbox, Group, List, PasswordInput, Select, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Provider, ProviderTestResult, ProviderType } from '../../../shared/sso.ts';
import { api } from '../../api/client.ts';

/** Issuer patterns per type, shown as the placeholder (the admin replaces the <…> part). */
const ISSUER_PLACEHOLDER: Record<ProviderType, string> = {
  oidc: 'https://idp.example.com',
  entra: 'https://login.microsoftonline.com/<tenant id>/v2.0',
  google: 'https://accounts.google.com',
  okta: 'https://<your domain>.okta.com',
  keycloak: 'https://<host>/realms/<realm>',
  authentik: 'https://<host>/application/o/<slug>/',
  auth0: 'https://<tenant>.auth0.com/',
  gitlab: 'https://gitlab.com',
  github: 'https://github.com',
};
const TYPE_LABELS: Record<ProviderType, string> = {
  oidc: 'Custom OIDC',
  entra: 'Microsoft Entra ID',
  google: 'Google',
  okta: 'Okta',
  keycloak: 'Keycloak',
  authentik: 'Authentik',
  auth0: 'Auth0',
  gitlab: 'GitLab',
  github: 'GitHub',
};

export interface ProviderFormValues {
  type: ProviderType;
  name: string;
  clientId: string;
  clientSecret: string;
  issuer: string;
  enabled: boolean;
  autoRegister: boolean;
  endSessionEnabled: boolean;
}

/** New auth provider / edit: the fields of the setup guide, by their names there. */
export function ProviderForm({
  provider,
  onSubmit,
  onCancel,
}: {
  provider?: Provider;
  onSubmit: (v: ProviderFormValues) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [v, setV] = useState<ProviderFormValues>({
    type: provider?.type ?? 'entra',
    name: provider?.name ?? '',
    clientId: provider?.clientId ?? '',
    clientSecret: '',
    issuer: provider?.issuer ?? '',
    enabled: provider?.enabled ?? true,
    autoRegister: provider?.autoRegister ?? true,
    endSessionEnabled: provider?.endSessionEnabled ?? false,
  });
  const [error, setError] = useState<string | null>(null);
  const [test, setTest] = useState<ProviderTestResult | null>(null);
  async function runTest() {
    setTest(null);
    try {
      setTest(
        await api<ProviderTestResult>('POST', '/api/console/sso/providers/test', {
          issuer: v.issuer,
          clientId: v.clientId,
        }),
      );
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  const set = <K extends keyof ProviderFormValues>(k: K, value: ProviderFormValues[K]) =>
    setV((o) => ({ ...o, [k]: value }));
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await onSubmit(v);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  return (
    <form onSubmit={submit}>
      <Stack>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Select
          label={t('oidc.type')}
          data={Object.entries(TYPE_LABELS).map(([value, label]) => ({ value, label }))}
          value={v.type}
          onChange={(x) => x && set('type', x as ProviderType)}
          allowDeselect={false}
        />
        <TextInput
          label={t('oidc.name')}
          description={t('oidc.nameHelp')}
          value={v.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          required
        />
        <TextInput
          label={t('oidc.clientId')}
          value={v.clientId}
          onChange={(e) => set('clientId', e.currentTarget.value)}
          required
        />
        <PasswordInput
          label={t('oidc.clientSecret')}
          description={provider?.hasClientSecret ? t('oidc.clientSecretKeep') : undefined}
          value={v.clientSecret}
          onChange={(e) => set('clientSecret', e.currentTarget.value)}
        />
        <TextInput
          label={t('oidc.issuer')}
          placeholder={ISSUER_PLACEHOLDER[v.type]}
          value={v.issuer}
          onChange={(e) => set('issuer', e.currentTarget.value)}
          required
        />
        <Checkbox
          label={t('oidc.enabled')}
          checked={v.enabled}
          onChange={(e) => set('enabled', e.currentTarget.checked)}
        />
        <Checkbox
          label={t('oidc.autoRegister')}
          checked={v.autoRegister}
          onChange={(e) => set('autoRegister', e.currentTarget.checked)}
        />
        <Checkbox
          label={t('oidc.endSessionEnabled')}
          description={t('oidc.endSessionHelp', { uri: `${location.origin}/login` })}
          checked={v.endSessionEnabled}
          onChange={(e) => set('endSessionEnabled', e.currentTarget.checked)}
        />
        {test && (
          <Alert color={test.ok ? 'green' : 'red'} role="status">
            <List size="sm">
              {test.checks.map((c) => (
                <List.Item key={c.id}>{`${c.ok ? '✓' : '✗'} ${c.message}`}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="light" onClick={runTest} disabled={!v.issuer}>
            {t('oidc.test')}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit">{t('common.save')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
