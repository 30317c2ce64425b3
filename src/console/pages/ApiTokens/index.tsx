import { Alert, Badge, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiToken } from '../../../shared/automation.ts';
import { useCan } from '../../api/can.ts';
import { api } from '../../api/client.ts';
import { useClientList } from '../../components/client-list.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ListHeader } from '../../components/ListHeader.tsx';
import { CreateTokenDialog } from './CreateTokenDialog.tsx';

const STATUS_COLOR = { active: 'green', expired: 'gray', revoked: 'red' } as const;
const when = (ms: number) => new Date(ms).toLocaleString();
const SORT = {
  name: (tk: ApiToken) => tk.name.toLocaleLowerCase(),
  expiresAt: (tk: ApiToken) => tk.expiresAt,
  lastUsed: (tk: ApiToken) => tk.lastUsedAt ?? 0,
  status: (tk: ApiToken) => tk.status,
};

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
  const canManage = useCan('api-tokens', 'manage');

  const table = useClientList(tokens.data, {
    text: (tk) => `${tk.name} ${tk.scopes.join(' ')} ${tk.lastUsedIp ?? ''}`,
    sortValues: SORT,
  });
  const columns: Column<ApiToken>[] = [
    { key: 'name', header: t('tokens.name'), sortable: true, render: (tk) => tk.name },
    {
      key: 'scopes',
      header: t('tokens.scopes'),
      render: (tk) => (
        <Group gap={4}>
          {tk.scopes.map((s) => (
            <Badge key={s} variant="light" tt="none" style={{ minWidth: 'max-content' }}>
              {s}
            </Badge>
          ))}
        </Group>
      ),
    },
    {
      key: 'expiresAt',
      header: t('tokens.expiresAt'),
      sortable: true,
      nowrap: true,
      render: (tk) => when(tk.expiresAt),
    },
    {
      key: 'lastUsed',
      header: t('tokens.lastUsed'),
      sortable: true,
      render: (tk) =>
        tk.lastUsedAt === null ? t('tokens.never') : `${when(tk.lastUsedAt)} (${tk.lastUsedIp})`,
    },
    {
      key: 'status',
      header: t('tokens.status'),
      sortable: true,
      render: (tk) => (
        <Badge color={STATUS_COLOR[tk.status]} style={{ minWidth: 'max-content' }}>
          {t(`tokens.status.${tk.status}`)}
        </Badge>
      ),
    },
  ];

  return (
    <Stack>
      <ListHeader
        title={t('tokens.title')}
        create={canManage && { label: t('tokens.create'), onClick: () => setCreating(true) }}
        intro={t('tokens.intro')}
        error={tokens.error}
      />
      <DataTable
        label={t('tokens.title')}
        {...table}
        rowKey={(tk) => tk.id}
        rowName={(tk) => tk.name}
        columns={columns}
        empty={tokens.data?.length === 0 ? t('tokens.empty') : t('tokens.noMatch')}
        loading={tokens.isPending}
        actions={(tk) =>
          canManage
            ? [
                {
                  label: t('tokens.revoke'),
                  color: 'red',
                  hidden: tk.status === 'revoked',
                  onClick: () => setRevoking(tk),
                },
              ]
            : []
        }
      />
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
