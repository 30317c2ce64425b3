import { Alert, Checkbox, Stack, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { RoleMappingInput } from '../Roles/RoleMappingInput.tsx';
import { GroupMappingInput } from './GroupMappingInput.tsx';
import { draftOpensToAnyTenant, type ProviderDraft, type SetDraft } from './provider-draft.ts';

const LISTS = ['allowedEmailDomains', 'allowedGroups', 'adminGroups'] as const;

/** Who gets in: registration, the domain and group rules, group mapping, usernames, tenants, linking. */
export function ProviderAccess({
  v,
  set,
  setAnyTenant,
}: {
  v: ProviderDraft;
  set: SetDraft;
  setAnyTenant: (checked: boolean) => void;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <Checkbox
        label={t('oidc.autoRegister')}
        description={t('oidc.autoRegisterHelp')}
        checked={v.autoRegister}
        onChange={(e) => set('autoRegister', e.currentTarget.checked)}
      />
      {LISTS.map((k) => (
        <Textarea
          key={k}
          label={t(`oidc.${k}`)}
          description={t(`oidc.${k}Help`)}
          autosize
          minRows={2}
          value={v[k]}
          onChange={(e) => set(k, e.currentTarget.value)}
        />
      ))}
      <GroupMappingInput value={v.groupMapping} onChange={(m) => set('groupMapping', m)} />
      <RoleMappingInput value={v.roleMapping} onChange={(m) => set('roleMapping', m)} />
      <TextInput
        label={t('oidc.usernameClaim')}
        description={t('oidc.usernameClaimHelp')}
        placeholder="preferred_username"
        value={v.usernameClaim}
        onChange={(e) => set('usernameClaim', e.currentTarget.value)}
      />
      {v.type === 'entra' && (
        <Textarea
          label={t('oidc.allowedTenants')}
          description={t('oidc.allowedTenantsHelp')}
          autosize
          minRows={2}
          value={v.allowedTenants}
          onChange={(e) => set('allowedTenants', e.currentTarget.value)}
        />
      )}
      {draftOpensToAnyTenant(v) && (
        <Alert color="orange" variant="light" p="xs">
          <Stack gap="xs">
            {t('oidc.anyTenantWarning')}
            <Checkbox
              label={t('oidc.anyEntraTenant')}
              description={t('oidc.anyEntraTenantHelp')}
              checked={v.anyEntraTenant}
              onChange={(e) => setAnyTenant(e.currentTarget.checked)}
            />
          </Stack>
        </Alert>
      )}
      <Checkbox
        label={t('oidc.linkByVerifiedEmail')}
        description={t('oidc.linkByVerifiedEmailHelp')}
        checked={v.linkByVerifiedEmail}
        onChange={(e) => set('linkByVerifiedEmail', e.currentTarget.checked)}
      />
      {v.linkByVerifiedEmail && (
        <Alert color="yellow" variant="light" p="xs">
          {t('oidc.linkWarning')}
        </Alert>
      )}
      <Checkbox
        label={t('oidc.skipLocal2fa')}
        description={t('oidc.skipLocal2faHelp')}
        checked={v.skipLocal2fa}
        onChange={(e) => set('skipLocal2fa', e.currentTarget.checked)}
      />
    </Stack>
  );
}
