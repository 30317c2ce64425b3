import { Badge, Button, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { opensToAnyTenant } from '../../../shared/entra-tenants.ts';
import type { Provider, ProviderCreate } from '../../../shared/sso.ts';
import { api } from '../../api/client.ts';
import { ConfirmDelete } from '../../components/ConfirmDelete.tsx';
import { ProviderIcon } from '../../components/ProviderIcon.tsx';
import { ProviderForm } from './ProviderForm.tsx';

/** The auth providers list with New auth provider, edit and delete. */
export function Providers() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const providers = useQuery({
    queryKey: ['providers'],
    queryFn: () => api<Provider[]>('GET', '/api/console/sso/providers'),
  });
  const [editing, setEditing] = useState<Provider | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Provider | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['providers'] });

  async function save(draft: ProviderCreate) {
    // This page's origin is the one the admin registers at the IdP (the Callback URL above): the server
    // stores it and uses only it for the provider's logins, never a request's Host header.
    const body = { ...draft, callbackOrigin: window.location.origin };
    if (editing === 'new') await api('POST', '/api/console/sso/providers', body);
    else if (editing) await api('PATCH', `/api/console/sso/providers/${editing.id}`, body);
    setEditing(null);
    await refresh();
  }

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={4}>{t('oidc.providers')}</Title>
        <Button onClick={() => setEditing('new')}>{t('oidc.newProvider')}</Button>
      </Group>
      {providers.data?.length === 0 && <Text c="dimmed">{t('oidc.none')}</Text>}
      {(providers.data?.length ?? 0) > 0 && (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('oidc.name')}</Table.Th>
              <Table.Th>{t('oidc.type')}</Table.Th>
              <Table.Th>{t('oidc.issuer')}</Table.Th>
              <Table.Th>{t('common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {providers.data?.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>
                  {p.name} {!p.enabled && <Badge color="gray">{t('users.statusDisabled')}</Badge>}{' '}
                  {opensToAnyTenant(p) && (
                    <Badge color="orange" title={t('oidc.anyTenantBadgeHelp')}>
                      {t('oidc.anyTenantBadge')}
                    </Badge>
                  )}{' '}
                  {p.callbackOrigin === null && (
                    <Badge color="yellow" title={t('oidc.noCallbackOriginHelp')}>
                      {t('oidc.noCallbackOrigin')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <ProviderIcon type={p.type} />
                    {p.type}
                  </Group>
                </Table.Td>
                <Table.Td>{p.issuer}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    <Button
                      size="compact-xs"
                      variant="default"
                      aria-label={`${t('common.edit')} ${p.name}`}
                      onClick={() => setEditing(p)}
                    >
                      {t('common.edit')}
                    </Button>
                    <Button
                      size="compact-xs"
                      variant="light"
                      component="a"
                      href={`/api/oidc/test/${encodeURIComponent(p.id)}`}
                      target="_blank"
                      aria-label={`${t('oidc.testSignIn')} ${p.name}`}
                    >
                      {t('oidc.testSignIn')}
                    </Button>
                    <Button
                      size="compact-xs"
                      color="red"
                      variant="light"
                      aria-label={`${t('common.delete')} ${p.name}`}
                      onClick={() => setDeleting(p)}
                    >
                      {t('common.delete')}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && (
        <Modal
          opened
          size="lg"
          onClose={() => setEditing(null)}
          title={editing === 'new' ? t('oidc.newProvider') : t('oidc.editProvider')}
        >
          <ProviderForm
            {...(editing === 'new' ? {} : { provider: editing })}
            onSubmit={save}
            onCancel={() => setEditing(null)}
          />
        </Modal>
      )}
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
