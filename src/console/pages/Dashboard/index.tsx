import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Group, UserPage } from '../../../shared/accounts.ts';
import { api } from '../../api/client.ts';
import { useSession } from '../../api/session.ts';

/** A welcome and the counts an admin glances at. */
export default function DashboardPage() {
  const { t } = useTranslation();
  const session = useSession();
  const users = useQuery({
    queryKey: ['users', 'count'],
    queryFn: () => api<UserPage>('GET', '/api/console/users?pageSize=1'),
    retry: false,
  });
  const groups = useQuery({
    queryKey: ['groups'],
    queryFn: () => api<Group[]>('GET', '/api/console/groups'),
    retry: false,
  });
  const user = session.data?.user;
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('dashboard.title')}
      </Title>
      <Text>{t('dashboard.welcome', { name: user?.displayName || user?.username })}</Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Card withBorder>
          <Text c="dimmed">{t('dashboard.users')}</Text>
          <Title order={3}>{users.data?.total ?? '–'}</Title>
        </Card>
        <Card withBorder>
          <Text c="dimmed">{t('dashboard.groups')}</Text>
          <Title order={3}>{groups.data?.length ?? '–'}</Title>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
