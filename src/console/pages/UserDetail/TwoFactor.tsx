import { Alert, Badge, Button, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/accounts.ts';
import type { TwoFactorStatus } from '../../../shared/two-factor.ts';
import { useCan } from '../../api/can.ts';
import { api } from '../../api/client.ts';

/** The admin's view of one user's two-factor sign-in, with Reset 2FA for a lost phone. */
export function TwoFactorSection({ user }: { user: User }) {
  const { t } = useTranslation();
  const canReset = useCan('users', 'manage');
  const client = useQueryClient();
  const key = ['two-factor', user.id];
  const status = useQuery({
    queryKey: key,
    queryFn: () => api<TwoFactorStatus>('GET', `/api/console/users/${encodeURIComponent(user.id)}/2fa`),
  });
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  async function reset() {
    setError(null);
    try {
      await api('DELETE', `/api/console/users/${encodeURIComponent(user.id)}/2fa`);
      setConfirming(false);
      setDone(true);
      await client.invalidateQueries({ queryKey: key });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  if (!status.data) return null;
  return (
    <Stack maw={640} gap="xs">
      <Title order={4}>{t('tfa.title')}</Title>
      {done && (
        <Alert color="green" role="status">
          {t('tfa.resetDone')}
        </Alert>
      )}
      <Group>
        <Badge color={status.data.enabled ? 'green' : 'gray'}>
          {status.data.enabled
            ? t('tfa.adminOn', { n: String(status.data.backupCodesLeft) })
            : t('tfa.adminOff')}
        </Badge>
        {status.data.enabled && canReset && (
          <Button size="xs" color="red" variant="light" onClick={() => setConfirming(true)}>
            {t('tfa.reset')}
          </Button>
        )}
      </Group>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('tfa.reset')}>
        <Stack>
          <Text>{t('tfa.resetConfirm', { name: user.username })}</Text>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </Button>
            <Button color="red" onClick={reset}>
              {t('tfa.reset')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
