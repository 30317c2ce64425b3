import { Stack, Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { EventsTab } from './EventsTab.tsx';
import { TrailTab } from './TrailTab.tsx';

/** Audit log (admins): console activity and device events; retention is under Settings → Audit log. */
export default function AuditPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'events' ? 'events' : 'trail';
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('audit.title')}
      </Title>
      <Tabs
        value={tab}
        onChange={(v) => setParams(v === 'events' ? { tab: 'events' } : {})}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="trail">{t('audit.trail')}</Tabs.Tab>
          <Tabs.Tab value="events">{t('audit.events')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="trail" pt="md">
          <TrailTab />
        </Tabs.Panel>
        <Tabs.Panel value="events" pt="md">
          <EventsTab />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
