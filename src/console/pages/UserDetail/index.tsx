import { Alert, Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { User } from '../../../shared/accounts.ts';
import { useCan } from '../../api/can.ts';
import { api } from '../../api/client.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { UserBadges, useRoleName } from '../Users/UserBadges.tsx';
import { useUserActions } from '../Users/user-actions.tsx';
import { AssignedDevices } from './AssignedDevices.tsx';
import { SignedInDevices } from './Devices.tsx';
import { Identities } from './Identities.tsx';
import { MailPrefsSection } from './MailPrefs.tsx';
import { TwoFactorSection } from './TwoFactor.tsx';

/**
 * One user's page: who they are, then one section per capability that concerns them (sign-in identities,
 * signed-in devices, two-factor sign-in), each in its own file beside this one.
 */
export default function UserDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const canManageUsers = useCan('users', 'manage');
  const canReadDevices = useCan('devices', 'read');
  const navigate = useNavigate();
  const actions = useUserActions({ onDeleted: () => navigate('/users') });
  const roleName = useRoleName();
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
    [t('users.lastLogin'), u.lastLoginAt ? formatDateTime(u.lastLoginAt) : t('users.never')],
  ];
  return (
    <Stack>
      <Anchor component={Link} to="/users" size="sm">
        {t('userDetail.back')}
      </Anchor>
      <Group justify="space-between" wrap="wrap">
        <Group gap="xs">
          <Title order={1} size="h2">
            {u.username}
          </Title>
          <UserBadges user={u} roleName={roleName} />
        </Group>
        <Group gap="xs">
          {actions.actionsFor(u).map((a) => (
            <Button
              key={a.label}
              size="xs"
              variant={a.color ? 'light' : 'default'}
              {...(a.color ? { color: a.color } : {})}
              onClick={a.onClick}
            >
              {a.label}
            </Button>
          ))}
        </Group>
      </Group>
      {actions.dialogs}
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
      {canManageUsers && <Identities userId={u.id} />}
      {canManageUsers && <MailPrefsSection user={u} />}
      {canReadDevices && <AssignedDevices userId={u.id} />}
      {canReadDevices && <SignedInDevices userId={u.id} />}
    </Stack>
  );
}
