import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Provider } from '../../../shared/sso.ts';
import { useCan } from '../../api/can.ts';
import { api } from '../../api/client.ts';
import { ConfirmDelete } from '../../components/ConfirmDelete.tsx';
import { useClientList } from '../../components/client-list.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ListHeader } from '../../components/ListHeader.tsx';
import { ProviderIcon } from '../../components/ProviderIcon.tsx';
import { ProviderHealth, WHOLE_BADGE } from './ProviderHealth.tsx';
import { TYPE_LABELS } from './provider-types.ts';

const editPath = (p: Provider) => `/settings/oidc/providers/${encodeURIComponent(p.id)}`;
const SORT = {
  name: (p: Provider) => p.name.toLocaleLowerCase(),
  type: (p: Provider) => TYPE_LABELS[p.type],
  enabled: (p: Provider) => (p.enabled ? 0 : 1),
};

/** The auth providers list (type by its name, Enabled, health) with New auth provider, edit and delete. */
export function Providers() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const providers = useQuery({
    queryKey: ['providers'],
    queryFn: () => api<Provider[]>('GET', '/api/console/sso/providers'),
  });
  const [deleting, setDeleting] = useState<Provider | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['providers'] });
  const canManage = useCan('settings', 'manage');
  const navigate = useNavigate();
  const table = useClientList(providers.data, {
    text: (p) => `${p.name} ${p.buttonLabel} ${TYPE_LABELS[p.type]}`,
    sortValues: SORT,
  });
  const columns: Column<Provider>[] = [
    {
      key: 'name',
      header: t('oidc.name'),
      sortable: true,
      render: (p) => (
        <>
          <Anchor component={Link} to={editPath(p)} size="sm" fw={500}>
            {p.name}
          </Anchor>
          {p.buttonLabel && (
            <Text size="xs" c="dimmed">
              {t('login.continueWith', { name: p.buttonLabel })}
            </Text>
          )}
        </>
      ),
    },
    {
      key: 'type',
      header: t('oidc.type'),
      sortable: true,
      nowrap: true,
      render: (p) => (
        <Group gap={6} wrap="nowrap">
          <ProviderIcon type={p.type} />
          {TYPE_LABELS[p.type]}
        </Group>
      ),
    },
    {
      key: 'enabled',
      header: t('oidc.enabled'),
      sortable: true,
      render: (p) => (
        <Badge color={p.enabled ? 'green' : 'gray'} variant="light" styles={WHOLE_BADGE}>
          {p.enabled ? t('oidc.enabledYes') : t('users.statusDisabled')}
        </Badge>
      ),
    },
    { key: 'health', header: t('oidc.health'), render: (p) => <ProviderHealth provider={p} /> },
  ];

  return (
    <Stack>
      <ListHeader
        title={t('oidc.providers')}
        level="section"
        create={canManage && { label: t('oidc.newProvider'), to: '/settings/oidc/providers/new' }}
        error={providers.error}
      />
      <DataTable
        label={t('oidc.providers')}
        {...table}
        rowKey={(p) => p.id}
        rowName={(p) => p.name}
        columns={columns}
        empty={t('oidc.none')}
        loading={providers.isPending}
        actions={(p) =>
          canManage
            ? [
                { label: t('common.edit'), onClick: () => navigate(editPath(p)) },
                {
                  label: t('oidc.testSignIn'),
                  onClick: () =>
                    window.open(`/api/oidc/test/${encodeURIComponent(p.id)}`, '_blank', 'noopener'),
                },
                { label: t('common.delete'), color: 'red', onClick: () => setDeleting(p) },
              ]
            : []
        }
      />
      {deleting && (
        <ConfirmDelete
          name={deleting.name}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api('DELETE', `/api/console/sso/providers/${deleting.id}`);
            setDeleting(null);
            await refresh();
          }}
        />
      )}
    </Stack>
  );
}
