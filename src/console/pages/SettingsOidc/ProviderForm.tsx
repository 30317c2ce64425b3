import {
  Accordion,
  Alert,
  Button,
  Checkbox,
  Group,
  List,
  PasswordInput,
  Select,
  Stack,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Provider, ProviderCreate, ProviderTestResult, ProviderType } from '../../../shared/sso.ts';
import { api } from '../../api/client.ts';
import { ProviderIcon } from '../../components/ProviderIcon.tsx';
import { ProviderAccess } from './ProviderAccess.tsx';
import { ProviderAdvanced } from './ProviderAdvanced.tsx';
import { ProviderDirectorySync } from './ProviderDirectorySync.tsx';
import {
  draftOf,
  ISSUER_PLACEHOLDER,
  type ProviderDraft,
  type SetDraft,
  toRequestBody,
  validateDraft,
  withAnyEntraTenant,
  withType,
} from './provider-draft.ts';

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
const ADVANCED_FIELDS = new Set([
  'authorizationEndpoint',
  'tokenEndpoint',
  'userinfoEndpoint',
  'jwksUri',
  'scopes',
  'caCertificate',
]);
const ISSUER_HELP: Partial<Record<ProviderType, string>> = {
  entra: 'oidc.issuerHelpEntra',
  github: 'oidc.issuerHelpGithub',
};

/** New auth provider / edit: the fields of the setup guide by their names there, then Advanced and Who gets in. */
export function ProviderForm({
  provider,
  onSubmit,
  onCancel,
}: {
  provider?: Provider;
  onSubmit: (body: ProviderCreate) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [v, setV] = useState<ProviderDraft>(() => draftOf(provider));
  const [shown, setShown] = useState(false);
  const [open, setOpen] = useState<string[]>(['access']);
  const [error, setError] = useState<string | null>(null);
  const [test, setTest] = useState<ProviderTestResult | null>(null);
  const errors = shown ? validateDraft(v) : {};
  const err = (k: keyof ProviderDraft) => (errors[k] ? t(errors[k]) : undefined);
  const set: SetDraft = (k, value) => setV((o) => ({ ...o, [k]: value }));
  async function runTest() {
    setTest(null);
    try {
      setTest(
        await api<ProviderTestResult>('POST', '/api/console/sso/providers/test', {
          issuer: v.issuer.trim(),
          clientId: v.clientId.trim(),
          allowInsecureHttp: v.allowInsecureHttp,
          caCertificate: v.caCertificate.trim(),
        }),
      );
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setShown(true);
    // Only valid values leave the form; the server checks again and its sentence shows above.
    const invalid = Object.keys(validateDraft(v));
    if (invalid.length > 0) {
      if (invalid.some((k) => ADVANCED_FIELDS.has(k))) setOpen((o) => [...new Set([...o, 'advanced'])]);
      return setError(t('oidc.errorForm'));
    }
    try {
      await onSubmit(toRequestBody(v));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Select
          label={t('oidc.type')}
          description={t('oidc.typeHelp')}
          leftSection={<ProviderIcon type={v.type} />}
          data={Object.entries(TYPE_LABELS).map(([value, label]) => ({ value, label }))}
          value={v.type}
          onChange={(x) => x && setV((o) => withType(o, x as ProviderType))}
          allowDeselect={false}
        />
        <TextInput
          label={t('oidc.name')}
          description={t('oidc.nameHelp')}
          value={v.name}
          error={err('name')}
          onChange={(e) => set('name', e.currentTarget.value)}
          required
        />
        <TextInput
          label={t('oidc.clientId')}
          description={t('oidc.clientIdHelp')}
          value={v.clientId}
          error={err('clientId')}
          onChange={(e) => set('clientId', e.currentTarget.value)}
          required
        />
        <PasswordInput
          label={t('oidc.clientSecret')}
          description={provider?.hasClientSecret ? t('oidc.clientSecretKeep') : t('oidc.clientSecretHelp')}
          value={v.clientSecret}
          onChange={(e) => set('clientSecret', e.currentTarget.value)}
        />
        <TextInput
          label={t('oidc.issuer')}
          description={t(ISSUER_HELP[v.type] ?? 'oidc.issuerHelp')}
          placeholder={ISSUER_PLACEHOLDER[v.type]}
          value={v.issuer}
          error={err('issuer')}
          onChange={(e) => set('issuer', e.currentTarget.value)}
          required
        />
        <Checkbox
          label={t('oidc.enabled')}
          description={t('oidc.enabledHelp')}
          checked={v.enabled}
          onChange={(e) => set('enabled', e.currentTarget.checked)}
        />
        <Checkbox
          label={t('oidc.endSessionEnabled')}
          description={t('oidc.endSessionHelp', { uri: `${location.origin}/login` })}
          checked={v.endSessionEnabled}
          onChange={(e) => set('endSessionEnabled', e.currentTarget.checked)}
        />
        <Accordion variant="contained" multiple value={open} onChange={setOpen}>
          <Accordion.Item value="advanced">
            <Accordion.Control>{t('oidc.advanced')}</Accordion.Control>
            <Accordion.Panel>
              <ProviderAdvanced v={v} set={set} errors={errors} />
            </Accordion.Panel>
          </Accordion.Item>
          <Accordion.Item value="access">
            <Accordion.Control>{t('oidc.access')}</Accordion.Control>
            <Accordion.Panel>
              <ProviderAccess v={v} set={set} setAnyTenant={(c) => setV((o) => withAnyEntraTenant(o, c))} />
            </Accordion.Panel>
          </Accordion.Item>
        </Accordion>
        {provider && <ProviderDirectorySync providerId={provider.id} />}
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
