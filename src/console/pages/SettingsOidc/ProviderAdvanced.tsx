import { Checkbox, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ProviderDraft, SetDraft } from './provider-draft.ts';
import { ID_TOKEN_ALGS } from './provider-draft.ts';

type Errors = Partial<Record<keyof ProviderDraft, string>>;
const ENDPOINTS = [
  ['authorizationEndpoint', 'https://idp.example.com/authorize'],
  ['tokenEndpoint', 'https://idp.example.com/token'],
  ['userinfoEndpoint', 'https://idp.example.com/userinfo'],
  ['jwksUri', 'https://idp.example.com/jwks'],
] as const;

/** Advanced: endpoint overrides and the protocol choices; the defaults suit nearly every provider. */
export function ProviderAdvanced({ v, set, errors }: { v: ProviderDraft; set: SetDraft; errors: Errors }) {
  const { t } = useTranslation();
  const err = (k: keyof ProviderDraft) => (errors[k] ? t(errors[k]) : undefined);
  return (
    <Stack gap="sm">
      {ENDPOINTS.map(([k, placeholder]) => (
        <TextInput
          key={k}
          id={`provider-${k}`}
          label={t(`oidc.${k}`)}
          description={t(`oidc.${k}Help`)}
          placeholder={placeholder}
          value={v[k]}
          error={err(k)}
          onChange={(e) => set(k, e.currentTarget.value)}
        />
      ))}
      <TextInput
        id="provider-scopes"
        label={t('oidc.scopes')}
        description={t('oidc.scopesHelp')}
        value={v.scopes}
        error={err('scopes')}
        onChange={(e) => set('scopes', e.currentTarget.value)}
      />
      <Checkbox
        label={t('oidc.pkce')}
        description={t('oidc.pkceHelp')}
        checked={v.pkce}
        onChange={(e) => set('pkce', e.currentTarget.checked)}
      />
      <Select
        label={t('oidc.responseType')}
        description={t('oidc.responseTypeHelp')}
        data={[
          { value: 'code', label: t('oidc.responseTypeCode') },
          { value: 'code id_token', label: t('oidc.responseTypeHybrid') },
          { value: 'id_token', label: t('oidc.responseTypeImplicit') },
        ]}
        value={v.responseType}
        onChange={(x) => x && set('responseType', x as ProviderDraft['responseType'])}
        allowDeselect={false}
      />
      <Select
        label={t('oidc.tokenEndpointAuthMethod')}
        description={t('oidc.tokenEndpointAuthMethodHelp')}
        data={['client_secret_basic', 'client_secret_post']}
        value={v.tokenEndpointAuthMethod}
        onChange={(x) => x && set('tokenEndpointAuthMethod', x as ProviderDraft['tokenEndpointAuthMethod'])}
        allowDeselect={false}
      />
      <Select
        label={t('oidc.idTokenAlg')}
        description={t('oidc.idTokenAlgHelp')}
        data={ID_TOKEN_ALGS}
        value={v.idTokenSignedResponseAlg}
        onChange={(x) => x && set('idTokenSignedResponseAlg', x)}
        allowDeselect={false}
      />
      <Textarea
        label={t('oidc.extraAudiences')}
        description={t('oidc.extraAudiencesHelp')}
        autosize
        minRows={2}
        value={v.extraAudiences}
        onChange={(e) => set('extraAudiences', e.currentTarget.value)}
      />
      <Textarea
        id="provider-caCertificate"
        label={t('oidc.caCertificate')}
        description={t('oidc.caCertificateHelp')}
        placeholder="-----BEGIN CERTIFICATE-----"
        autosize
        minRows={2}
        maxRows={8}
        styles={{ input: { fontFamily: 'monospace' } }}
        value={v.caCertificate}
        error={err('caCertificate')}
        onChange={(e) => set('caCertificate', e.currentTarget.value)}
      />
      <Checkbox
        label={t('oidc.allowInsecureHttp')}
        description={t('oidc.allowInsecureHttpHelp')}
        checked={v.allowInsecureHttp}
        onChange={(e) => set('allowInsecureHttp', e.currentTarget.checked)}
      />
    </Stack>
  );
}
