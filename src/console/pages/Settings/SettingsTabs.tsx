import { Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSession } from '../../api/session.ts';

const PATHS = { general: '/settings', oidc: '/settings/oidc', audit: '/settings/audit' } as const;
type SettingsTab = keyof typeof PATHS;

/** Settings sub-pages: General, OIDC and (administrators) Audit log. */
export function SettingsTabs({ active }: { active: SettingsTab }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const admin = useSession().data?.user.isAdmin === true;
  return (
    <Tabs value={active} onChange={(v) => navigate(PATHS[(v ?? 'general') as SettingsTab] ?? '/settings')}>
      <Tabs.List>
        <Tabs.Tab value="general">{t('settings.general')}</Tabs.Tab>
        <Tabs.Tab value="oidc">{t('settings.oidc')}</Tabs.Tab>
        {admin && <Tabs.Tab value="audit">{t('settings.auditTab')}</Tabs.Tab>}
      </Tabs.List>
    </Tabs>
  );
}
