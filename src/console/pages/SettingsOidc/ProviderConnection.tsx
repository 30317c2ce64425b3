import { Alert, Checkbox, PasswordInput, Select, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProviderType } from '../../../shared/sso.ts';
import { DateField } from '../../components/DateField.tsx';
import { ProviderIcon } from '../../components/ProviderIcon.tsx';
import {
  callbackRefusedByEntra,
  ISSUER_PLACEHOLDER,
  issuerFromMetadataUrl,
  type ProviderDraft,
  type SetDraft,
} from './provider-draft.ts';
import { TYPE_LABELS } from './provider-types.ts';

type Errors = Partial<Record<keyof ProviderDraft, string>>;
const ISSUER_HELP: Partial<Record<ProviderType, string>> = {
  entra: 'oidc.issuerHelpEntra',
  github: 'oidc.issuerHelpGithub',
};

/** Connection: the guide's fields (type, name, client ID, secret, issuer) plus the button label and secret expiry. */
export function ProviderConnection({
  v,
  set,
  setType,
  errors,
  hasClientSecret,
}: {
  v: ProviderDraft;
  set: SetDraft;
  setType: (type: ProviderType) => void;
  errors: Errors;
  hasClientSecret: boolean;
}) {
  const { t } = useTranslation();
  const [issuerTrimmed, setIssuerTrimmed] = useState(false);
  const err = (k: keyof ProviderDraft) => (errors[k] ? t(errors[k]) : undefined);
  const callback = `${location.origin}/api/oidc/callback`;
  return (
    <Stack gap="sm">
      <Select
        id="provider-type"
        label={t('oidc.type')}
        description={t('oidc.typeHelp')}
        leftSection={<ProviderIcon type={v.type} />}
        data={Object.entries(TYPE_LABELS).map(([value, label]) => ({ value, label }))}
        value={v.type}
        onChange={(x) => x && setType(x as ProviderType)}
        allowDeselect={false}
      />
      <TextInput
        id="provider-name"
        label={t('oidc.name')}
        description={t('oidc.nameHelp')}
        value={v.name}
        error={err('name')}
        onChange={(e) => set('name', e.currentTarget.value)}
        withAsterisk
      />
      <TextInput
        id="provider-buttonLabel"
        label={t('oidc.buttonLabel')}
        description={t('oidc.buttonLabelHelp', { name: v.name || 'azure' })}
        placeholder={t('oidc.buttonLabelPlaceholder')}
        value={v.buttonLabel}
        error={err('buttonLabel')}
        onChange={(e) => set('buttonLabel', e.currentTarget.value)}
      />
      <TextInput
        id="provider-clientId"
        label={t('oidc.clientId')}
        description={t('oidc.clientIdHelp')}
        value={v.clientId}
        error={err('clientId')}
        onChange={(e) => set('clientId', e.currentTarget.value)}
        withAsterisk
      />
      <PasswordInput
        id="provider-clientSecret"
        label={t('oidc.clientSecret')}
        description={hasClientSecret ? t('oidc.clientSecretKeep') : t('oidc.clientSecretHelp')}
        value={v.clientSecret}
        onChange={(e) => set('clientSecret', e.currentTarget.value)}
        visibilityToggleButtonProps={{ 'aria-label': t('common.showSecret') }}
      />
      <DateField
        id="provider-clientSecretExpires"
        label={t('oidc.clientSecretExpires')}
        description={t('oidc.clientSecretExpiresHelp')}
        value={v.clientSecretExpires}
        error={err('clientSecretExpires')}
        onChange={(value) => set('clientSecretExpires', value)}
        maw={260}
      />
      <TextInput
        id="provider-issuer"
        label={t('oidc.issuer')}
        description={t(ISSUER_HELP[v.type] ?? 'oidc.issuerHelp')}
        placeholder={t(`oidc.issuerPlaceholder.${v.type}`, { defaultValue: ISSUER_PLACEHOLDER[v.type] })}
        value={v.issuer}
        error={err('issuer')}
        onChange={(e) => {
          const issuer = issuerFromMetadataUrl(e.currentTarget.value);
          setIssuerTrimmed(issuer !== null);
          set('issuer', issuer ?? e.currentTarget.value);
        }}
        withAsterisk
      />
      {issuerTrimmed && (
        <Alert color="blue" variant="light" p="xs" role="status">
          {t('oidc.issuerTrimmed')}
        </Alert>
      )}
      {callbackRefusedByEntra(location.origin) && (
        <Alert color="yellow" variant="light" p="xs" role="alert">
          {t('oidc.httpCallbackWarning', { callback })}
        </Alert>
      )}
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
    </Stack>
  );
}
