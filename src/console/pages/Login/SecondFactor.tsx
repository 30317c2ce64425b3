import { Alert, Anchor, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import i18next from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SecondFactorDone } from '../../../shared/two-factor.ts';
import { ApiError, api } from '../../api/client.ts';
import { useRequiredCheck } from '../../components/required-check.tsx';

/** The login's second step: a TOTP or backup code answers the challenge the password (or SSO) step made. */
export function SecondFactorForm({
  challenge,
  emailed = false,
  onDone,
  onStartOver,
}: {
  challenge: string;
  /** The code was sent by email (email login verification), not shown by an authenticator app. */
  emailed?: boolean;
  onDone: (done: SecondFactorDone) => void;
  onStartOver: () => void;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const required = useRequiredCheck();
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!required.check(e.currentTarget as HTMLFormElement)) return;
    setBusy(true);
    setError(null);
    try {
      onDone(
        await api<SecondFactorDone>('POST', '/api/console/auth/login/second-factor', { challenge, code }),
      );
    } catch (err) {
      setError(codeError(t, err));
      setCode('');
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate>
      {required.alert}
      <Stack>
        <Title order={1} size="h3">
          {t('login.codeTitle')}
        </Title>
        <Text size="sm">{t(emailed ? 'email.codeHelp' : 'login.codeHelp')}</Text>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <TextInput
          label={t('login.code')}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          required
          autoFocus
          autoComplete="one-time-code"
          inputMode="text"
          maxLength={20}
        />
        <Button type="submit" loading={busy} fullWidth>
          {t('login.verify')}
        </Button>
        <Anchor component="button" type="button" size="sm" onClick={onStartOver}>
          {t('login.startOver')}
        </Anchor>
      </Stack>
    </form>
  );
}

/** The server's sentence in English; the translated one for the codes this step knows, in Japanese. */
function codeError(t: (key: string) => string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (!(err instanceof ApiError) || !i18next.language.startsWith('ja')) return message;
  const key = `tfa.${err.code}`;
  const translated = t(key);
  return translated === key ? message : translated;
}
