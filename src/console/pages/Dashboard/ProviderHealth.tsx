import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ProviderHealth as Health } from '../../../shared/dashboard.ts';
import { formatDate, formatDateTime, formatRelative } from '../../i18n/format.ts';

/** Entra client secrets expire (at most 24 months): warn this long before. */
const SECRET_WARNING_MS = 30 * 86_400_000;

function When({ at }: { at: number }) {
  return (
    <time dateTime={new Date(at).toISOString()} title={formatDateTime(at)} style={{ whiteSpace: 'nowrap' }}>
      {formatRelative(at)}
    </time>
  );
}

/** Each sign-in provider: last success, last error, client-secret expiry. */
export function ProviderHealth({ providers, now }: { providers: Health[]; now: number }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h4" mb="sm">
        {t('dashboard.providers')}
      </Title>
      {providers.length === 0 && <Text c="dimmed">{t('dashboard.noProviders')}</Text>}
      <Stack gap="sm">
        {providers.map((p) => {
          const expires = p.clientSecretExpiresAt;
          const expiring = expires !== null && expires - now < SECRET_WARNING_MS;
          return (
            <Stack key={p.id} gap={2} data-testid={`provider-${p.name}`}>
              <Group gap="xs" wrap="wrap">
                <Text fw={600}>{p.name}</Text>
                {!p.enabled && <Badge color="gray">{t('dashboard.providerDisabled')}</Badge>}
                {expiring && (
                  <Badge color={expires < now ? 'red' : 'orange'}>
                    {expires < now ? t('dashboard.secretExpired') : t('dashboard.secretExpiring')}
                  </Badge>
                )}
              </Group>
              <Text size="sm">
                {t('dashboard.lastSuccess')}:{' '}
                {p.lastSuccessAt ? <When at={p.lastSuccessAt} /> : t('dashboard.none30d')}
              </Text>
              {p.lastErrorAt && (
                <Text size="sm" c="var(--mantine-color-red-light-color)">
                  {t('dashboard.lastError')}: <When at={p.lastErrorAt} /> — {p.lastError}
                </Text>
              )}
              {expires !== null && (
                <Text size="sm" c={expiring ? 'var(--mantine-color-orange-light-color)' : 'dimmed'}>
                  {t('dashboard.secretExpires', { date: formatDate(expires) })}
                </Text>
              )}
            </Stack>
          );
        })}
      </Stack>
    </Paper>
  );
}
