import { Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCan } from '../../api/can.ts';

const PATHS = { general: '/settings', oidc: '/settings/oidc', roles: '/settings/roles' } as const;

/** Settings sub-pages: General (one's own account) for everyone; OIDC and Roles for who may read settings. */
export function SettingsTabs({ active }: { active: keyof typeof PATHS }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canSettings = useCan('settings', 'read');
  return (
    <Tabs value={active} onChange={(v) => navigate(PATHS[(v ?? 'general') as keyof typeof PATHS])}>
      <Tabs.List>
        <Tabs.Tab value="general">{t('settings.general')}</Tabs.Tab>
        {canSettings && <Tabs.Tab value="oidc">{t('settings.oidc')}</Tabs.Tab>}
        {canSettings && <Tabs.Tab value="roles">{t('roles.tab')}</Tabs.Tab>}
      </Tabs.List>
    </Tabs>
  );
}
