import {
  Alert,
  Button,
  Code,
  Group,
  Image,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupCodes, TwoFactorEnrolment, TwoFactorStatus } from '../../../shared/two-factor.ts';
import { api } from '../../api/client.ts';
import { useRequiredCheck } from '../../components/required-check.tsx';

const STATUS_KEY = ['two-factor', 'me'];

/** Settings → General: the signed-in user's own TOTP — set up (QR code, confirm, backup codes) or turn off. */
export function TwoFactorSettings() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const status = useQuery({
    queryKey: STATUS_KEY,
    queryFn: () => api<TwoFactorStatus>('GET', '/api/console/auth/2fa'),
  });
  const [enrolment, setEnrolment] = useState<TwoFactorEnrolment | null>(null);
  const [backupCodes, setBackupCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function run(action: () => Promise<void>) {
    setMessage(null);
    try {
      await action();
    } catch (err) {
      setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) });
    }
  }
  const start = () =>
    run(async () => setEnrolment(await api<TwoFactorEnrolment>('POST', '/api/console/auth/2fa/enrol')));
  const required = useRequiredCheck();
  const confirm = (e: FormEvent) => {
    e.preventDefault();
    if (!required.check(e.currentTarget as HTMLFormElement)) return;
    return run(async () => {
      const res = await api<BackupCodes>('POST', '/api/console/auth/2fa/confirm', { code });
      setBackupCodes(res.backupCodes);
      setEnrolment(null);
      setCode('');
      await client.invalidateQueries({ queryKey: STATUS_KEY });
    });
  };
  const disable = (e: FormEvent) => {
    e.preventDefault();
    if (!required.check(e.currentTarget as HTMLFormElement)) return;
    return run(async () => {
      await api('POST', '/api/console/auth/2fa/disable', code ? { code } : { password });
      setCode('');
      setPassword('');
      setMessage({ ok: true, text: t('tfa.disabled') });
      await client.invalidateQueries({ queryKey: STATUS_KEY });
    });
  };

  return (
    <Paper withBorder p="md" maw={420}>
      <Stack>
        <Title order={4}>{t('tfa.title')}</Title>
        {message && (
          <Alert color={message.ok ? 'green' : 'red'} role="alert">
            {message.text}
          </Alert>
        )}
        {backupCodes ? (
          <>
            <Title order={5}>{t('tfa.backupTitle')}</Title>
            <Text size="sm">{t('tfa.backupHelp')}</Text>
            <SimpleGrid cols={2} aria-label={t('tfa.backupTitle')}>
              {backupCodes.map((c) => (
                <Code key={c}>{c}</Code>
              ))}
            </SimpleGrid>
            <Button onClick={() => setBackupCodes(null)}>{t('tfa.backupDone')}</Button>
          </>
        ) : enrolment ? (
          <form onSubmit={confirm} noValidate>
            {required.alert}
            <Stack>
              <Text size="sm">{t('tfa.scan')}</Text>
              <Image src={enrolment.qrCode} alt={t('tfa.qrAlt')} w={220} h={220} />
              <Text size="sm">
                {t('tfa.setupKey')}: <Code data-testid="totp-secret">{enrolment.secret}</Code>
              </Text>
              <TextInput
                label={t('login.code')}
                value={code}
                onChange={(e) => setCode(e.currentTarget.value)}
                required
                autoComplete="one-time-code"
                maxLength={20}
              />
              <Group>
                <Button type="submit">{t('tfa.confirm')}</Button>
                <Button variant="default" onClick={() => setEnrolment(null)}>
                  {t('common.cancel')}
                </Button>
              </Group>
            </Stack>
          </form>
        ) : status.data?.enabled ? (
          <form onSubmit={disable} noValidate>
            {required.alert}
            <Stack>
              <Text size="sm">{t('tfa.statusOn', { n: String(status.data.backupCodesLeft) })}</Text>
              <Text size="sm" c="dimmed">
                {t('tfa.disableHelp')}
              </Text>
              <TextInput
                label={t('login.code')}
                value={code}
                onChange={(e) => setCode(e.currentTarget.value)}
                autoComplete="one-time-code"
                maxLength={20}
              />
              <PasswordInput
                label={t('tfa.password')}
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                autoComplete="current-password"
              />
              <Button type="submit" color="red" variant="light" disabled={!code && !password}>
                {t('tfa.disable')}
              </Button>
            </Stack>
          </form>
        ) : (
          status.data && (
            <>
              <Text size="sm">{t('tfa.statusOff')}</Text>
              <Button onClick={start}>{t('tfa.enable')}</Button>
            </>
          )
        )}
      </Stack>
    </Paper>
  );
}
