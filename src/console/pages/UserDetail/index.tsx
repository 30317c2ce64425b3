import { Alert, Anchor, Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { User } from '../../../shared/accounts.ts';
import { api } from '../../api/client.ts';
import { SignedInDevices } from './Devices.tsx';
import { Identities } from './Identities.tsx';
import { TwoFactorSection } from './TwoFactor.tsx';

/**
 * One user's page: who they are, then one section per capability that concerns them (sign-in identities,
 * signed-in devices, two-factor sign-in), each in its own file beside this one.
 */
export default function UserDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const user = useQuery({
    queryKey: ['users', 'one', id],
    queryFn: () => api<User>('GET', `/api/console/users/${encodeURIComponent(id)}`),
  });
  if (user.isPending) return <Text c="dimmed">{t('common.loading')}</Text>;
  if (user.error)
    return (
      <Alert color="red" role="alert">
        {user.error.message}
      </Alert>
    );
  const u = user.data;
  const facts: [string, string][] = [
    [t('users.displayName'), u.displayName],
    [t('users.email'), u.email],
    [t('users.group'), u.groupName],
    [t('users.lastLogin'), u.lastLoginAt ? new Date(u.lastLoginAt).toLocaleString() : t('users.never')],
  ];
  return (
    <Stack>
      <Anchor component={Link} to="/users" size="sm">
        {t('userDetail.back')}
      </Anchor>
      <Group>
        <Title order={1} size="h2">
          {u.username}
        </Title>
        <Badge color={u.enabled ? 'green' : 'gray'}>
          {u.enabled ? t('users.statusEnabled') : t('users.statusDisabled')}
        </Badge>
        {u.isAdmin && <Badge color="violet">{t('users.admin')}</Badge>}
      </Group>
      <Table maw={640}>
        <Table.Tbody>
          {facts.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th w={180}>{label}</Table.Th>
              <Table.Td>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <TwoFactorSection user={u} />
      <Identities userId={u.id} />
      <SignedInDevices userId={u.id} />
    </Stack>
  );
}
