import { Alert, Anchor, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { Provider, ProviderCreate } from '../../../shared/sso.ts';
import { api } from '../../api/client.ts';
import { errorText } from '../../api/error-text.ts';
import { ProviderForm } from './ProviderForm.tsx';

const BACK = '/settings/oidc';

/** Settings → OIDC → New auth provider (/settings/oidc/providers/new) or one provider (/…/:id), as a page. */
export default function ProviderEditorPage() {
  const { t } = useTranslation();
  const { id = 'new' } = useParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const isNew = id === 'new';
  const provider = useQuery({
    queryKey: ['provider', id],
    queryFn: () => api<Provider>('GET', `/api/console/sso/providers/${encodeURIComponent(id)}`),
    enabled: !isNew,
    retry: false,
  });
  const title = isNew ? t('oidc.newProvider') : t('oidc.editProvider');

  async function save(draft: ProviderCreate) {
    // This page's origin is the one the admin registers at the IdP (the Callback URL): the server stores it
    // and uses only it for the provider's logins, never a request's Host header.
    const body = { ...draft, callbackOrigin: window.location.origin };
    if (isNew) await api('POST', '/api/console/sso/providers', body);
    else await api('PATCH', `/api/console/sso/providers/${encodeURIComponent(id)}`, body);
    await client.invalidateQueries({ queryKey: ['providers'] });
    await client.invalidateQueries({ queryKey: ['provider', id] });
    navigate(BACK);
  }

  return (
    <Stack>
      <Anchor component={Link} to={BACK} size="sm">
        {t('oidc.backToProviders')}
      </Anchor>
      <Title order={1} size="h2">
        {isNew ? title : t('oidc.editProviderNamed', { name: provider.data?.name ?? '' })}
      </Title>
      {provider.error && (
        <Alert color="red" role="alert">
          {errorText(t, provider.error)}
        </Alert>
      )}
      {!isNew && provider.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
      {(isNew || provider.data) && (
        <ProviderForm
          key={provider.data?.updatedAt ?? 'new'}
          title={title}
          {...(provider.data ? { provider: provider.data } : {})}
          onSubmit={save}
          onCancel={() => navigate(BACK)}
        />
      )}
    </Stack>
  );
}
