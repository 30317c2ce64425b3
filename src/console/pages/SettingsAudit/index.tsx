import { Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Retention } from '../Audit/Retention.tsx';
import { SettingsTabs } from '../Settings/SettingsTabs.tsx';

/** Settings → Audit log: how long the trail and the client events are kept. */
export default function SettingsAuditPage() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={2}>{t('settings.title')}</Title>
      <SettingsTabs active="audit" />
      <Retention />
    </Stack>
  );
}
