import { Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCan } from '../../api/can.ts';

const PATHS = {
  general: '/settings',
  oidc: '/settings/oidc',
  roles: '/settings/roles',
  ldap: '/settings/ldap',
  email: '/settings/email',
  audit: '/settings/audit',
} as const;
type SettingsTab = keyof typeof PATHS;

/** Settings sub-pages: General (one's own account) for everyone; OIDC, LDAP, Email and Roles for who may read settings; Audit log retention for who may read the audit log. */
export function SettingsTabs({ active }: { active: SettingsTab }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canSettings = useCan('settings', 'read');
  const canAudit = useCan('audit', 'read');
  return (
    // Every panel is in the page (empty; the content follows), so each tab's aria-controls names an element.
    <Tabs
      value={active}
      keepMounted
      onChange={(v) => navigate(PATHS[(v ?? 'general') as SettingsTab] ?? '/settings')}
    >
      <Tabs.List>
        <Tabs.Tab value="general">{t('settings.general')}</Tabs.Tab>
        {canSettings && <Tabs.Tab value="oidc">{t('settings.oidc')}</Tabs.Tab>}
        {canSettings && <Tabs.Tab value="ldap">{t('ldap.tab')}</Tabs.Tab>}
        {canSettings && <Tabs.Tab value="email">{t('email.tab')}</Tabs.Tab>}
        {canSettings && <Tabs.Tab value="roles">{t('roles.tab')}</Tabs.Tab>}
        {canAudit && <Tabs.Tab value="audit">{t('settings.auditTab')}</Tabs.Tab>}
      </Tabs.List>
      {(Object.keys(PATHS) as SettingsTab[]).map((value) => (
        <Tabs.Panel key={value} value={value}>
          {null}
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}
