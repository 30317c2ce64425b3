import { Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

/** Settings sub-pages: General and OIDC. */
export function SettingsTabs({ active }: { active: 'general' | 'oidc' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    // Every panel is in the page (empty; the content follows), so each tab's aria-controls names an element.
    <Tabs
      value={active}
      keepMounted
      onChange={(v) => navigate(v === 'oidc' ? '/settings/oidc' : '/settings')}
    >
      <Tabs.List>
        <Tabs.Tab value="general">{t('settings.general')}</Tabs.Tab>
        <Tabs.Tab value="oidc">{t('settings.oidc')}</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="general">{null}</Tabs.Panel>
      <Tabs.Panel value="oidc">{null}</Tabs.Panel>
    </Tabs>
  );
}
