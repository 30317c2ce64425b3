import {
  Button,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Switch,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  AD_USER_FILTER,
  type LdapSettings,
  type LdapSettingsInput,
  type LdapTestResult,
  OPENLDAP_USER_FILTER,
} from '../../../shared/ldap.ts';
import { api } from '../../api/client.ts';
import { SettingsFormFooter, useSettingsForm } from '../../components/SettingsForm.tsx';
import { SettingsTabs } from '../Settings/SettingsTabs.tsx';
import { GroupMappings } from './GroupMappings.tsx';
import { TestSignIn } from './TestSignIn.tsx';

type Draft = Omit<LdapSettingsInput, 'adminGroups'> & { adminGroups: string };

const PRESETS = {
  ad: {
    searchFilter: AD_USER_FILTER,
    attrUsername: 'sAMAccountName',
    attrDisplayName: 'displayName',
    attrEmail: 'mail',
  },
  openldap: {
    searchFilter: OPENLDAP_USER_FILTER,
    attrUsername: 'uid',
    attrDisplayName: 'cn',
    attrEmail: 'mail',
  },
};

function toInput(d: Draft): LdapSettingsInput {
  const { bindPassword, adminGroups, ...rest } = d;
  return {
    ...rest,
    adminGroups: adminGroups
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
    groupMappings: d.groupMappings.filter((m) => m.groupDn.trim() && m.groupId),
    ...(bindPassword ? { bindPassword } : {}),
  };
}

// The bind password is write-only: the form starts empty and an empty one keeps the stored password.
function toDraft(saved: LdapSettings): Draft {
  const { bindPasswordSet: _, adminGroups, ...rest } = saved;
  return { ...rest, adminGroups: adminGroups.join('\n'), bindPassword: '' };
}

/** Settings → LDAP: directory sign-in for the console and the RustDesk client. */
export default function SettingsLdapPage() {
  const { t } = useTranslation();
  const form = useSettingsForm<LdapSettings, Draft>({
    queryKey: 'ldap-settings',
    path: '/api/console/settings/ldap',
    toDraft,
  });
  const { draft, set, busy } = form;
  if (!draft) return null;
  const save = async (d: Draft) => {
    await api<LdapSettings>('PUT', '/api/console/settings/ldap', toInput(d));
    return { ok: true, text: t('ldap.saved') };
  };
  const test = async (d: Draft) => {
    const r = await api<LdapTestResult>('POST', '/api/console/settings/ldap/test-connection', toInput(d));
    return { ok: r.ok, text: r.message };
  };
  const text = (key: keyof Draft & string, label: string, props: Record<string, unknown> = {}) => (
    <TextInput
      label={t(label)}
      value={String(draft[key])}
      onChange={(e) => set({ [key]: e.currentTarget.value })}
      {...props}
    />
  );
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('settings.title')}
      </Title>
      <SettingsTabs active="ldap" />
      <Paper withBorder p="md">
        <Stack>
          <Switch
            label={t('ldap.enabled')}
            checked={draft.enabled}
            onChange={(e) => set({ enabled: e.currentTarget.checked })}
          />
          {text('url', 'ldap.url', {
            description: t('ldap.urlHelp'),
            placeholder: 'ldaps://dc01.corp.example:636',
          })}
          <Switch
            label={t('ldap.startTls')}
            checked={draft.startTls}
            onChange={(e) => set({ startTls: e.currentTarget.checked })}
          />
          <Textarea
            label={t('ldap.caPem')}
            description={t('ldap.caPemHelp')}
            value={draft.caPem}
            onChange={(e) => set({ caPem: e.currentTarget.value })}
            autosize
            minRows={2}
            styles={{ input: { fontFamily: 'monospace' } }}
          />
          {text('bindDn', 'ldap.bindDn', {
            placeholder: 'CN=svc-deskgate,OU=Service Accounts,DC=corp,DC=example',
          })}
          <PasswordInput
            label={t('ldap.bindPassword')}
            description={t('ldap.passwordKeep')}
            value={draft.bindPassword ?? ''}
            onChange={(e) => set({ bindPassword: e.currentTarget.value })}
            autoComplete="new-password"
          />
          {text('searchBase', 'ldap.searchBase', { placeholder: 'DC=corp,DC=example' })}
          <Group>
            <Button variant="default" size="xs" onClick={() => set(PRESETS.ad)}>
              {t('ldap.presetAd')}
            </Button>
            <Button variant="default" size="xs" onClick={() => set(PRESETS.openldap)}>
              {t('ldap.presetOpenLdap')}
            </Button>
          </Group>
          {text('searchFilter', 'ldap.searchFilter', { description: t('ldap.searchFilterHelp') })}
          <Group grow>
            {text('attrUsername', 'ldap.attrUsername')}
            {text('attrDisplayName', 'ldap.attrDisplayName')}
            {text('attrEmail', 'ldap.attrEmail')}
          </Group>
          <Textarea
            label={t('ldap.adminGroups')}
            value={draft.adminGroups}
            onChange={(e) => set({ adminGroups: e.currentTarget.value })}
            autosize
            minRows={2}
          />
          <GroupMappings value={draft.groupMappings} onChange={(groupMappings) => set({ groupMappings })} />
          <Switch
            label={t('ldap.nestedGroups')}
            checked={draft.nestedGroups}
            onChange={(e) => set({ nestedGroups: e.currentTarget.checked })}
          />
          <SettingsFormFooter notice={form.notice} dirty={form.dirty}>
            <Button loading={busy} onClick={() => void form.run(save, { saves: true })}>
              {t('common.save')}
            </Button>
            <Button variant="default" loading={busy} onClick={() => void form.run(test)}>
              {t('ldap.testConnection')}
            </Button>
          </SettingsFormFooter>
        </Stack>
      </Paper>
      <TestSignIn />
    </Stack>
  );
}
