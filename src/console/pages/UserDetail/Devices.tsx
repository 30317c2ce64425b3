import { Alert, Button, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientSession } from '../../../shared/devices.ts';
import { api } from '../../api/client.ts';
import { formatDateTime } from '../../i18n/format.ts';

/** The user's signed-in RustDesk clients, each with a Sign out that revokes that client's token. */
export function SignedInDevices({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const path = `/api/console/users/${encodeURIComponent(userId)}/client-sessions`;
  const sessions = useQuery({
    queryKey: ['users', 'one', userId, 'client-sessions'],
    queryFn: () => api<ClientSession[]>('GET', path),
  });
  function signOut(s: ClientSession) {
    setError(null);
    api('DELETE', `${path}/${encodeURIComponent(s.id)}`).then(
      () => client.invalidateQueries({ queryKey: ['users', 'one', userId, 'client-sessions'] }),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }
  const rows = sessions.data?.map((s) => (
    <Table.Tr key={s.id}>
      <Table.Td ff="monospace">{s.deviceId}</Table.Td>
      <Table.Td>{[s.deviceName, s.deviceOs].filter(Boolean).join(' · ')}</Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(s.createdAt)}</Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(s.lastUsedAt)}</Table.Td>
      <Table.Td>
        <Button
          size="compact-xs"
          color="red"
          variant="light"
          aria-label={`${t('userDevices.signOut')} ${s.deviceId}`}
          onClick={() => signOut(s)}
        >
          {t('userDevices.signOut')}
        </Button>
      </Table.Td>
    </Table.Tr>
  ));
  return (
    <Stack gap="xs" maw={900}>
      <Title order={3}>{t('userDevices.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('userDevices.help')}
      </Text>
      {(error ?? sessions.error) && (
        <Alert color="red" role="alert">
          {error ?? sessions.error?.message}
        </Alert>
      )}
      {sessions.data && sessions.data.length > 0 && (
        <Table.ScrollContainer minWidth={0} type="native">
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('devices.id')}</Table.Th>
                <Table.Th>{t('userDevices.device')}</Table.Th>
                <Table.Th>{t('userDevices.signedInAt')}</Table.Th>
                <Table.Th>{t('userDevices.lastUsed')}</Table.Th>
                <Table.Th>{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>{rows}</Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {sessions.data?.length === 0 && <Text c="dimmed">{t('userDevices.none')}</Text>}
    </Stack>
  );
}
