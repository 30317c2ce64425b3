import { Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

/** Settings sub-pages: General and OIDC. */
export function SettingsTabs({ active }: { active: 'general' | 'oidc' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Tabs value={active} onChange={(v) => navigate(v === 'oidc' ? '/settings/oidc' : '/settings')}>
      <Tabs.List>
        <Tabs.Tab value="general">{t('settings.general')}</Tabs.Tab>
        <Tabs.Tab value="oidc">{t('settings.oidc')}</Tabs.Tab>
      </Tabs.List>
    </Tabs>
  );
}
