import { Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

/** Settings sub-pages: General, OIDC, LDAP and Email. */
export function SettingsTabs({ active }: { active: 'general' | 'oidc' | 'ldap' | 'email' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Tabs value={active} onChange={(v) => navigate(v && v !== 'general' ? `/settings/${v}` : '/settings')}>
      <Tabs.List>
        <Tabs.Tab value="general">{t('settings.general')}</Tabs.Tab>
        <Tabs.Tab value="oidc">{t('settings.oidc')}</Tabs.Tab>
        <Tabs.Tab value="ldap">{t('ldap.tab')}</Tabs.Tab>
        <Tabs.Tab value="email">{t('email.tab')}</Tabs.Tab>
      </Tabs.List>
    </Tabs>
  );
}
