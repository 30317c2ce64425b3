import {
  Alert,
  Anchor,
  Button,
  Center,
  Divider,
  Group,
  Paper,
  PasswordInput,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import i18next from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { SessionInfo } from '../../../shared/accounts.ts';
import { toLoginErrorCode } from '../../../shared/login-errors.ts';
import type { LoginOptions, ProviderType } from '../../../shared/sso.ts';
import type { SecondFactorRequired } from '../../../shared/two-factor.ts';
import { ApiError, api } from '../../api/client.ts';
import { useSetSession } from '../../api/session.ts';
import { LanguageSwitcher } from '../../components/LanguageSwitcher.tsx';
import { ProviderIcon } from '../../components/ProviderIcon.tsx';
import { ForgotPassword } from './ForgotPassword.tsx';
import { SecondFactorForm } from './SecondFactor.tsx';

interface LoginProvider {
  name: string;
  /** The admin's button label, or the name. */
  label: string;
  type: ProviderType;
}

/**
 * Local password sign-in (then the code, for accounts with 2FA), and one "Continue with <name>" link per
 * enabled OIDC provider. When the admin hides the password form, a "local account" link (/login?local=1)
 * still reveals it: the emergency path.
 */
export function LoginPage() {
  const { t } = useTranslation();
  const setSession = useSetSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(() => ssoError(t, new URLSearchParams(location.search)));
  const [busy, setBusy] = useState(false);
  // The SSO callback sends a user with local 2FA here with `?tfa=<challenge>`.
  const [challenge, setChallenge] = useState(() => new URLSearchParams(location.search).get('tfa'));
  const [emailed, setEmailed] = useState(false);
  const [forgot, setForgot] = useState(false);
  const navigate = useNavigate();
  const providers = useQuery({
    queryKey: ['login-providers'],
    queryFn: () => api<LoginProvider[]>('GET', '/api/console/auth/providers').catch(() => []),
  });
  const options = useQuery({
    queryKey: ['login-options'],
    queryFn: () =>
      api<LoginOptions>('GET', '/api/console/auth/login-options').catch(() => ({ hidePasswordLogin: false })),
  });
  const emailFeatures = useQuery({
    queryKey: ['email-features'],
    queryFn: () =>
      api<{ passwordReset: boolean }>('GET', '/api/console/auth/email-features').catch(() => ({
        passwordReset: false,
      })),
  });
  const [local, setLocal] = useState(() => new URLSearchParams(location.search).has('local'));
  const hideForm = !local && options.data?.hidePasswordLogin === true;
  const ssoFirst = options.data?.hidePasswordLogin === true;
  // The form's own messages instead of the browser's "Please fill out this field".
  const [missing, setMissing] = useState({ username: false, password: false });
  const providerButtons = providers.data?.map((p) => (
    <Button
      key={p.name}
      component="a"
      href={`/api/oidc/login/${encodeURIComponent(p.name)}`}
      variant="default"
      fullWidth
      leftSection={<ProviderIcon type={p.type} />}
    >
      {t('login.continueWith', { name: p.label || p.name })}
    </Button>
  ));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setMissing({ username: !username, password: !password });
    if (!username || !password) return;
    setBusy(true);
    setError(null);
    try {
      const res = await api<SessionInfo | SecondFactorRequired>('POST', '/api/console/auth/login', {
        username,
        password,
      });
      if ('secondFactor' in res) {
        setChallenge(res.secondFactor.challenge);
        setEmailed(res.secondFactor.method === 'email');
        return;
      }
      setSession(res);
      history.replaceState(null, '', '/');
    } catch (err) {
      setError(passwordError(t, err));
    } finally {
      setBusy(false);
    }
  }

  if (challenge) {
    return (
      <Center component="main" mih="100vh" bg="gray.0">
        <Paper withBorder shadow="sm" p="xl" radius="md" w={380}>
          <SecondFactorForm
            challenge={challenge}
            emailed={emailed}
            onDone={({ returnTo, ...info }) => {
              setSession(info);
              navigate(returnTo, { replace: true });
            }}
            onStartOver={() => {
              setChallenge(null);
              setPassword('');
              navigate('/', { replace: true });
            }}
          />
        </Paper>
      </Center>
    );
  }

  if (forgot) {
    return (
      <Center mih="100vh" bg="gray.0">
        <Paper withBorder shadow="sm" p="xl" radius="md" w={380}>
          <ForgotPassword onBack={() => setForgot(false)} />
        </Paper>
      </Center>
    );
  }

  return (
    <Center component="main" mih="100vh" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" radius="md" w={380}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Group justify="space-between">
              <Title order={1} size="h3">
                {t('login.title')}
              </Title>
              <LanguageSwitcher />
            </Group>
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            {/* When the admin prefers single sign-on, its buttons come first in reading and tab order. */}
            {ssoFirst && providerButtons}
            {ssoFirst && !hideForm && (providers.data?.length ?? 0) > 0 && <Divider label={t('login.or')} />}
            {!options.isPending && !hideForm && (
              <>
                <TextInput
                  label={t('login.username')}
                  value={username}
                  onChange={(e) => setUsername(e.currentTarget.value)}
                  error={
                    missing.username && !username
                      ? t('form.required', { field: t('login.username') })
                      : undefined
                  }
                  withAsterisk
                  autoComplete="username"
                />
                <PasswordInput
                  label={t('login.password')}
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                  error={
                    missing.password && !password
                      ? t('form.required', { field: t('login.password') })
                      : undefined
                  }
                  withAsterisk
                  autoComplete="current-password"
                  visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
                />
                <Button type="submit" loading={busy} fullWidth>
                  {t('login.submit')}
                </Button>
                {emailFeatures.data?.passwordReset && (
                  <Anchor
                    component="button"
                    type="button"
                    size="sm"
                    ta="center"
                    onClick={() => setForgot(true)}
                  >
                    {t('email.forgot')}
                  </Anchor>
                )}
                {!ssoFirst && (providers.data?.length ?? 0) > 0 && <Divider label={t('login.or')} />}
              </>
            )}
            {!ssoFirst && providerButtons}
            {hideForm && (
              <Anchor
                href="/login?local=1"
                size="sm"
                ta="center"
                onClick={(e) => {
                  e.preventDefault();
                  history.replaceState(null, '', '/login?local=1');
                  setLocal(true);
                }}
              >
                {t('login.localAccount')}
              </Anchor>
            )}
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}

/**
 * A sign-in failure sent back by the SSO callback: only its code is read, and only a known code is
 * shown, translated. Anyone can link to /login with any text in the URL, so no query text ever
 * reaches this trusted page; an unknown code (or an old-style `?error=` link) reads as the generic failure.
 */
function ssoError(t: (key: string) => string, params: URLSearchParams): string | null {
  if (!params.has('code') && !params.has('error')) return null;
  return t(`sso.${toLoginErrorCode(params.get('code'))}`);
}

/** The server's sentence; "password sign-in is off" leads in the reader's language when that is not English. */
function passwordError(t: (key: string, options?: Record<string, string>) => string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (
    !(err instanceof ApiError) ||
    err.code !== 'PASSWORD_LOGIN_DISABLED' ||
    !i18next.language.startsWith('ja')
  )
    return message;
  return `${t('login.PASSWORD_LOGIN_DISABLED')} ${t('sso.details', { details: message })}`;
}
