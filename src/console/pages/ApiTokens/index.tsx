import { Alert, Badge, Button, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiToken } from '../../../shared/automation.ts';
import { api } from '../../api/client.ts';
import { CreateTokenDialog } from './CreateTokenDialog.tsx';

const STATUS_COLOR = { active: 'green', expired: 'gray', revoked: 'red' } as const;
const when = (ms: number) => new Date(ms).toLocaleString();

/** API tokens (issue 10): create (the secret shown once), list with last use, revoke. */
export default function ApiTokensPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const [error, setError] = useState<string | null>(null);
  const tokens = useQuery({
    queryKey: ['api-tokens'],
    queryFn: () => api<ApiToken[]>('GET', '/api/console/api-tokens'),
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['api-tokens'] });

  const rows = tokens.data?.map((tk) => (
    <Table.Tr key={tk.id}>
      <Table.Td>{tk.name}</Table.Td>
      <Table.Td>
        <Group gap={4}>
          {tk.scopes.map((s) => (
            <Badge key={s} variant="light" tt="none">
              {s}
            </Badge>
          ))}
        </Group>
      </Table.Td>
      <Table.Td>{when(tk.expiresAt)}</Table.Td>
      <Table.Td>
        {tk.lastUsedAt === null ? t('tokens.never') : `${when(tk.lastUsedAt)} (${tk.lastUsedIp})`}
      </Table.Td>
      <Table.Td>
        <Badge color={STATUS_COLOR[tk.status]}>{t(`tokens.status.${tk.status}`)}</Badge>
      </Table.Td>
      <Table.Td>
        {tk.status !== 'revoked' && (
          <Button
            size="compact-xs"
            color="red"
            variant="light"
            aria-label={`${t('tokens.revoke')} ${tk.name}`}
            onClick={() => setRevoking(tk)}
          >
            {t('tokens.revoke')}
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  ));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('tokens.title')}</Title>
        <Button onClick={() => setCreating(true)}>{t('tokens.create')}</Button>
      </Group>
      <Text c="dimmed" size="sm">
        {t('tokens.intro')}
      </Text>
      {tokens.error && (
        <Alert color="red" role="alert">
          {tokens.error.message}
        </Alert>
      )}
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('tokens.name')}</Table.Th>
            <Table.Th>{t('tokens.scopes')}</Table.Th>
            <Table.Th>{t('tokens.expiresAt')}</Table.Th>
            <Table.Th>{t('tokens.lastUsed')}</Table.Th>
            <Table.Th>{t('tokens.status')}</Table.Th>
            <Table.Th>{t('common.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{rows}</Table.Tbody>
      </Table>
      {tokens.data?.length === 0 && <Text c="dimmed">{t('tokens.empty')}</Text>}
      {creating && <CreateTokenDialog onClose={() => setCreating(false)} onCreated={refresh} />}
      {revoking && (
        <Modal opened onClose={() => setRevoking(null)} title={t('tokens.revoke')}>
          <Stack>
            <Text>{t('tokens.revokeConfirm', { name: revoking.name })}</Text>
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRevoking(null)}>
                {t('common.cancel')}
              </Button>
              <Button
                color="red"
                onClick={() =>
                  api('DELETE', `/api/console/api-tokens/${revoking.id}`)
                    .then(() => setRevoking(null))
                    .then(refresh)
                    .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))
                }
              >
                {t('tokens.revoke')}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}
