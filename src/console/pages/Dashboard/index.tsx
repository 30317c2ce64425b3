import { Card, Loader, Paper, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dashboard } from '../../../shared/dashboard.ts';
import { api } from '../../api/client.ts';
import { useSession } from '../../api/session.ts';
import { RecentActions } from '../Audit/RecentActions.tsx';
import { Checklist } from './Checklist.tsx';
import { ProviderHealth } from './ProviderHealth.tsx';

const SignInChart = lazy(() => import('./SignInChart.tsx'));

function Counter({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <Card withBorder padding="sm" data-testid={testId}>
      <Text c="dimmed" size="sm" style={{ whiteSpace: 'nowrap' }}>
        {label}
      </Text>
      <Title order={3}>{value}</Title>
    </Card>
  );
}

/** The page an admin opens every morning: devices, sign-ins, provider health, changes, first-run checklist. */
export default function DashboardPage() {
  const { t } = useTranslation();
  const session = useSession();
  const user = session.data?.user;
  const [span, setSpan] = useState<'last24h' | 'last7d'>('last24h');
  const dashboard = useQuery({
    queryKey: ['dashboard'],
    queryFn: () => api<Dashboard>('GET', '/api/console/dashboard'),
    retry: false,
    // Fresh each visit: the checklist ticks as the admin comes back from doing each step.
    refetchOnMount: 'always',
    enabled: user?.isAdmin === true,
  });
  const d = dashboard.data;
  const counts = d?.signIns[span] ?? [];
  const totals = counts.reduce(
    (sum, c) => ({
      success: sum.success + c.success,
      refused: sum.refused + c.refused,
      failed: sum.failed + c.failed,
    }),
    { success: 0, refused: 0, failed: 0 },
  );
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('dashboard.title')}
      </Title>
      <Text>{t('dashboard.welcome', { name: user?.displayName || user?.username })}</Text>
      {dashboard.isFetching && !d && <Loader size="sm" aria-label={t('common.loading')} />}
      {d && (
        <>
          <Checklist data={d.checklist} />
          <SimpleGrid cols={{ base: 2, sm: d.devices.pending === undefined ? 4 : 5 }}>
            <Counter testId="devices-online" label={t('dashboard.online')} value={d.devices.online} />
            <Counter testId="devices-offline" label={t('dashboard.offline')} value={d.devices.offline} />
            {d.devices.pending !== undefined && (
              <Counter testId="devices-pending" label={t('dashboard.pending')} value={d.devices.pending} />
            )}
            <Counter testId="devices-total" label={t('dashboard.devices')} value={d.devices.total} />
            <Counter testId="users-total" label={t('dashboard.users')} value={d.users} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Paper withBorder p="md">
              <Stack gap="sm">
                <Title order={3} size="h4">
                  {t('dashboard.signIns')}
                </Title>
                <SegmentedControl
                  value={span}
                  onChange={(v) => setSpan(v === 'last7d' ? 'last7d' : 'last24h')}
                  data={[
                    { value: 'last24h', label: t('dashboard.last24h') },
                    { value: 'last7d', label: t('dashboard.last7d') },
                  ]}
                />
                <Text size="sm" data-testid="sign-in-totals">
                  {t('dashboard.totals', totals)}
                </Text>
                {counts.length === 0 ? (
                  <Text c="dimmed">{t('dashboard.noSignIns')}</Text>
                ) : (
                  <Suspense fallback={<Loader size="sm" />}>
                    <SignInChart counts={counts} />
                  </Suspense>
                )}
              </Stack>
            </Paper>
            <ProviderHealth providers={d.providers} now={Date.now()} />
          </SimpleGrid>
          <Paper withBorder p="md">
            <Title order={3} size="h4" mb="sm">
              {t('dashboard.recentActions')}
            </Title>
            <RecentActions entries={d.recentActions} />
          </Paper>
        </>
      )}
    </Stack>
  );
}
