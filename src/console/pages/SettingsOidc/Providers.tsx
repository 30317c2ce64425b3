import { Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Provider } from '../../../shared/sso.ts';
import { api } from '../../api/client.ts';
import { ConfirmDelete } from '../../components/ConfirmDelete.tsx';
import { ProviderIcon } from '../../components/ProviderIcon.tsx';
import { ProviderHealth, WHOLE_BADGE } from './ProviderHealth.tsx';
import { TYPE_LABELS } from './provider-types.ts';

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

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3} size="h4">
          {t('oidc.providers')}
        </Title>
        <Button component={Link} to="/settings/oidc/providers/new">
          {t('oidc.newProvider')}
        </Button>
      </Group>
      {providers.data?.length === 0 && <Text c="dimmed">{t('oidc.none')}</Text>}
      {(providers.data?.length ?? 0) > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('oidc.name')}</Table.Th>
                <Table.Th>{t('oidc.type')}</Table.Th>
                <Table.Th>{t('oidc.enabled')}</Table.Th>
                <Table.Th>{t('oidc.health')}</Table.Th>
                <Table.Th>{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {providers.data?.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {p.name}
                    </Text>
                    {p.buttonLabel && (
                      <Text size="xs" c="dimmed">
                        {t('login.continueWith', { name: p.buttonLabel })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <ProviderIcon type={p.type} />
                      {TYPE_LABELS[p.type]}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={p.enabled ? 'green' : 'gray'} variant="light" styles={WHOLE_BADGE}>
                      {p.enabled ? t('oidc.enabledYes') : t('users.statusDisabled')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <ProviderHealth provider={p} />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button
                        size="compact-xs"
                        variant="default"
                        aria-label={`${t('common.edit')} ${p.name}`}
                        component={Link}
                        to={`/settings/oidc/providers/${encodeURIComponent(p.id)}`}
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
        </Table.ScrollContainer>
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
