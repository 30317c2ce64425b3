import { Alert, Badge, Button, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceStrategy, LiveSession } from '../../../shared/strategies.ts';
import { api } from '../../api/client.ts';

// Sessions come and go with the device's 3-second heartbeats while it is controlled.
const REFRESH_MS = 5_000;

function EffectiveStrategy({ s }: { s: DeviceStrategy }) {
  const { t } = useTranslation();
  const dash = '—';
  return (
    <Stack gap={4}>
      <Title order={5}>{t('strategy.effective')}</Title>
      {s.source === 'none' ? (
        <Text c="dimmed">{t('strategy.none')}</Text>
      ) : (
        <>
          <Text fw={500}>{s.strategyName}</Text>
          <Text size="sm">{t(`strategy.why.${s.source}`, { name: s.sourceName ?? '' })}</Text>
          {s.appliedAt ? (
            <Badge color="green" variant="light">
              {t('strategy.appliedAt', { time: new Date(s.appliedAt).toLocaleString() })}
            </Badge>
          ) : (
            <Text size="sm" c="dimmed">
              {t('strategy.pending')}
            </Text>
          )}
        </>
      )}
      <Text size="xs" c="dimmed">
        {t('strategy.alsoAssigned', {
          device: s.assigned.device ?? dash,
          user: s.assigned.user ?? dash,
          group: s.assigned.deviceGroup ?? dash,
        })}
      </Text>
    </Stack>
  );
}

function Sessions({ deviceId }: { deviceId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const path = `/api/console/devices/${encodeURIComponent(deviceId)}/sessions`;
  const sessions = useQuery({
    queryKey: ['device-sessions', deviceId],
    queryFn: () => api<LiveSession[]>('GET', path),
    refetchInterval: REFRESH_MS,
  });
  async function disconnect(connId: number) {
    try {
      await api('POST', `${path}/${connId}/disconnect`);
      setError(null);
      await client.invalidateQueries({ queryKey: ['device-sessions', deviceId] });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  return (
    <Stack gap={4}>
      <Title order={5}>{t('sessions.title')}</Title>
      {(error ?? sessions.error) && (
        <Alert color="red" role="alert">
          {error ?? sessions.error?.message}
        </Alert>
      )}
      {sessions.data?.length === 0 && <Text c="dimmed">{t('sessions.none')}</Text>}
      {(sessions.data?.length ?? 0) > 0 && (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('sessions.peer')}</Table.Th>
              <Table.Th>{t('sessions.type')}</Table.Th>
              <Table.Th>{t('sessions.address')}</Table.Th>
              <Table.Th>{t('sessions.since')}</Table.Th>
              <Table.Th>{t('common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sessions.data?.map((s) => (
              <Table.Tr key={s.connId}>
                <Table.Td>
                  {s.peerName || '—'}{' '}
                  <Text span ff="monospace" size="xs">
                    {s.peerId}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {s.type === null ? '—' : t(`sessions.type.${s.type}`, { defaultValue: String(s.type) })}
                </Table.Td>
                <Table.Td>{s.ip || '—'}</Table.Td>
                <Table.Td>{s.since ? new Date(s.since).toLocaleString() : '—'}</Table.Td>
                <Table.Td>
                  {s.disconnectRequestedAt ? (
                    <Badge color="orange" variant="light">
                      {t('sessions.requested')}
                    </Badge>
                  ) : (
                    <Button
                      size="compact-xs"
                      color="red"
                      variant="light"
                      aria-label={t('sessions.disconnectAria', { conn: s.connId })}
                      onClick={() => disconnect(s.connId)}
                    >
                      {t('sessions.disconnect')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

/** A device's strategy in effect (which, why, applied at) and its live sessions with Disconnect. */
export function DevicePanel(props: { deviceId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const strategy = useQuery({
    queryKey: ['device-strategy', props.deviceId],
    queryFn: () =>
      api<DeviceStrategy>('GET', `/api/console/devices/${encodeURIComponent(props.deviceId)}/strategy`),
    refetchInterval: REFRESH_MS,
  });
  return (
    <Modal opened size="xl" onClose={props.onClose} title={t('strategy.panelTitle', { id: props.deviceId })}>
      <Stack>
        {strategy.error && (
          <Alert color="red" role="alert">
            {strategy.error.message}
          </Alert>
        )}
        {strategy.data && <EffectiveStrategy s={strategy.data} />}
        <Sessions deviceId={props.deviceId} />
      </Stack>
    </Modal>
  );
}
