import { Alert, Anchor, Code, List, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { TestSignInOutcome, TestSignInResult } from '../../../shared/sso.ts';
import { api } from '../../api/client.ts';

/**
 * Settings → OIDC → Test sign-in result (opened in the tab the test ran in): the claims the provider sent
 * and what DeskGate's settings make of them. Nothing was created or changed, and nobody was signed in.
 */
export default function TestResultPage() {
  const { t } = useTranslation();
  const { resultId = '' } = useParams();
  const outcome = useQuery({
    queryKey: ['sso-test-result', resultId],
    queryFn: () =>
      api<TestSignInOutcome>('GET', `/api/console/sso/test-results/${encodeURIComponent(resultId)}`),
    retry: false,
  });
  const back = (
    <Anchor component={Link} to="/settings/oidc" size="sm">
      {t('testSignIn.back')}
    </Anchor>
  );
  if (outcome.isPending) return <Text c="dimmed">{t('common.loading')}</Text>;
  if (outcome.error)
    return (
      <Stack>
        {back}
        <Alert color="red" role="alert">
          {outcome.error.message}
        </Alert>
      </Stack>
    );
  const { result, error, code } = outcome.data;
  return (
    <Stack>
      {back}
      <Title order={1} size="h2">
        {t('testSignIn.title')}
      </Title>
      <Text c="dimmed">{t('testSignIn.nothingChanged')}</Text>
      {result ? (
        <Verdict result={result} />
      ) : (
        <Alert color="red" role="alert" title={t('testSignIn.failed')}>
          {localized(t, code, error ?? '')}
        </Alert>
      )}
    </Stack>
  );
}

function Verdict({ result: r }: { result: TestSignInResult }) {
  const { t } = useTranslation();
  const yesNo = (v: boolean) => (v ? t('common.yes') : t('common.no'));
  const facts: [string, string][] = [
    [t('testSignIn.provider'), r.provider],
    [t('testSignIn.username'), r.username],
    [t('testSignIn.subject'), `${r.subject} (${r.issuer})`],
    [t('users.email'), r.email || '—'],
    [t('testSignIn.emailVerified'), yesNo(r.emailVerified)],
    [t('testSignIn.groups'), r.groups.join(', ') || '—'],
    [t('users.admin'), yesNo(r.isAdmin)],
    [
      t('testSignIn.mapsTo'),
      r.existingUser
        ? t('testSignIn.existingUser', { name: r.existingUser })
        : r.allowed
          ? t('testSignIn.newUser', { name: r.username })
          : '—',
    ],
  ];
  return (
    <Stack>
      <Alert
        color={r.allowed ? 'green' : 'red'}
        role="status"
        title={r.allowed ? t('testSignIn.allowed') : t('testSignIn.refused')}
      >
        {r.reasons.length > 0 && (
          <List size="sm">
            {r.reasons.map((reason) => (
              <List.Item key={reason}>{reason}</List.Item>
            ))}
          </List>
        )}
      </Alert>
      <Table maw={720} aria-label={t('testSignIn.title')}>
        <Table.Tbody>
          {facts.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th w={220}>{label}</Table.Th>
              <Table.Td>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={4}>{t('testSignIn.idTokenClaims')}</Title>
      <Code block>{JSON.stringify(r.idTokenClaims, null, 2)}</Code>
      <Title order={4}>{t('testSignIn.userinfoClaims')}</Title>
      {r.userinfoClaims ? (
        <Code block>{JSON.stringify(r.userinfoClaims, null, 2)}</Code>
      ) : (
        <Text c="dimmed">{t('testSignIn.noUserinfo')}</Text>
      )}
    </Stack>
  );
}

/** The server's English detail, led by the translated sentence for its code in other languages. */
function localized(
  t: (key: string, o?: Record<string, string>) => string,
  code: string | null,
  message: string,
) {
  const key = `sso.${code}`;
  const translated = code ? t(key) : key;
  if (translated === key || !i18next.language.startsWith('ja')) return message;
  return `${translated} ${t('sso.details', { details: message })}`;
}
