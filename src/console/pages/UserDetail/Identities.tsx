import { Alert, Button, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Identity, Provider } from '../../../shared/sso.ts';
import { api } from '../../api/client.ts';
import { ConfirmDelete } from '../../components/ConfirmDelete.tsx';
import { useRequiredCheck } from '../../components/required-check.tsx';
import { formatDateTime } from '../../i18n/format.ts';

/** A user's sign-in identities at the auth providers: list, link by subject, unlink. */
export function Identities({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const base = `/api/console/users/${encodeURIComponent(userId)}/identities`;
  const key = ['users', 'identities', userId];
  const identities = useQuery({ queryKey: key, queryFn: () => api<Identity[]>('GET', base) });
  const providers = useQuery({
    queryKey: ['providers'],
    queryFn: () => api<Provider[]>('GET', '/api/console/sso/providers'),
  });
  const [providerId, setProviderId] = useState<string | null>(null);
  const [subject, setSubject] = useState('');
  const [issuer, setIssuer] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [unlinking, setUnlinking] = useState<Identity | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: key });

  const required = useRequiredCheck();

  async function link(e: FormEvent) {
    e.preventDefault();
    if (!required.check(e.currentTarget as HTMLFormElement)) return;
    setError(null);
    try {
      await api('POST', base, { providerId, subject, ...(issuer.trim() ? { issuer: issuer.trim() } : {}) });
      setSubject('');
      setIssuer('');
      await refresh();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }

  return (
    <Paper withBorder p="md" maw={900}>
      <Stack>
        <Title order={4}>{t('identities.title')}</Title>
        {identities.data?.length === 0 && <Text c="dimmed">{t('identities.none')}</Text>}
        {(identities.data?.length ?? 0) > 0 && (
          <Table aria-label={t('identities.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('identities.provider')}</Table.Th>
                <Table.Th>{t('identities.subject')}</Table.Th>
                <Table.Th>{t('users.email')}</Table.Th>
                <Table.Th>{t('users.lastLogin')}</Table.Th>
                <Table.Th>{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {identities.data?.map((i) => (
                <Table.Tr key={i.id}>
                  <Table.Td>{i.providerName}</Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {i.subject}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {i.issuer}
                    </Text>
                  </Table.Td>
                  <Table.Td>{i.email || '—'}</Table.Td>
                  <Table.Td>{i.lastLoginAt ? formatDateTime(i.lastLoginAt) : t('users.never')}</Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      color="red"
                      variant="light"
                      aria-label={`${t('identities.unlink')} ${i.providerName} ${i.subject}`}
                      onClick={() => setUnlinking(i)}
                    >
                      {t('identities.unlink')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {/* Linking needs a provider: with none configured the form would only offer an empty list. */}
        {(providers.data?.length ?? 0) > 0 && (
          <form onSubmit={link} noValidate>
            {required.alert}
            <Stack gap="xs">
              {error && (
                <Alert color="red" role="alert">
                  {error}
                </Alert>
              )}
              <Group align="flex-end" grow>
                <Select
                  label={t('identities.provider')}
                  data={(providers.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
                  value={providerId}
                  onChange={setProviderId}
                  required
                />
                <TextInput
                  label={t('identities.subject')}
                  description={t('identities.subjectHelp')}
                  value={subject}
                  onChange={(e) => setSubject(e.currentTarget.value)}
                  required
                />
                <TextInput
                  label={t('identities.issuer')}
                  description={t('identities.issuerHelp')}
                  value={issuer}
                  onChange={(e) => setIssuer(e.currentTarget.value)}
                />
              </Group>
              <Group justify="flex-end">
                <Button type="submit" disabled={!providerId || !subject.trim()}>
                  {t('identities.link')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
      {unlinking && (
        <ConfirmDelete
          name={`${unlinking.providerName}: ${unlinking.subject}`}
          onClose={() => setUnlinking(null)}
          onConfirm={async () => {
            await api('DELETE', `${base}/${encodeURIComponent(unlinking.id)}`);
            setUnlinking(null);
            await refresh();
          }}
        />
      )}
    </Paper>
  );
}
