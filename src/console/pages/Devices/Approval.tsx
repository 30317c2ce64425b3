import { Alert, Badge, Button, Group, Modal, Stack, Switch, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceApprovalSettings, PendingFilter } from '../../../shared/device-approval.ts';
import type { Device } from '../../../shared/devices.ts';
import { api } from '../../api/client.ts';
import { approveMatching, BASE, countPending, message } from './approval-api.ts';
import { PreregisterDialog } from './Preregister.tsx';

/** The badge of a device waiting for approval. */
export function PendingBadge({ device }: { device: Device }) {
  const { t } = useTranslation();
  if (!device.pending) return null;
  return (
    <Badge
      color="orange"
      variant="light"
      style={{ minWidth: 'max-content' }}
      title={t('approval.pendingHint')}
    >
      {t('approval.pending')}
    </Badge>
  );
}

function SettingsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const settings = useQuery({
    queryKey: ['device-approval-settings'],
    queryFn: () => api<DeviceApprovalSettings>('GET', `${BASE}/settings`),
  });
  const [error, setError] = useState<string | null>(null);
  const save = (patch: Partial<DeviceApprovalSettings>) =>
    settings.data &&
    api('PUT', `${BASE}/settings`, { ...settings.data, ...patch })
      .then(() => settings.refetch())
      .catch((err: unknown) => setError(message(err)));
  return (
    <Modal opened onClose={onClose} title={t('approval.settings')}>
      <Stack>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Switch
          label={t('approval.requireApproval')}
          checked={settings.data?.requireApproval ?? false}
          disabled={!settings.data}
          onChange={(e) => save({ requireApproval: e.currentTarget.checked })}
        />
        <Switch
          label={t('approval.approveOnSignIn')}
          checked={settings.data?.approveOnSignIn ?? false}
          disabled={!settings.data}
          onChange={(e) => save({ approveOnSignIn: e.currentTarget.checked })}
        />
        <Group justify="flex-end">
          <Button onClick={onClose}>{t('tokens.done')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Asks before approving every pending device the filter matches, saying how many. */
function ApproveAllDialog({
  filter,
  total,
  onClose,
}: {
  filter: PendingFilter;
  total: number;
  onClose: (approved: boolean) => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const approve = () =>
    approveMatching(filter)
      .then(() => onClose(true))
      .catch((err: unknown) => setError(message(err)));
  return (
    <Modal opened onClose={() => onClose(false)} title={t('approval.approveAll')}>
      <Stack>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Text>{t('approval.approveAllConfirm', { count: total })}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => onClose(false)}>
            {t('common.cancel')}
          </Button>
          <Button color="orange" onClick={approve}>
            {t('approval.approve')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/**
 * The Devices page's approval tools: approve every pending device of the current filter (all pages, counted
 * by the server), pre-register an ID, the setting.
 */
export function ApprovalToolbar({ filter, onChanged }: { filter: PendingFilter; onChanged: () => void }) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<'settings' | 'preregister' | 'approve' | null>(null);
  const pending = useQuery({
    queryKey: ['device-approval-pending', filter],
    queryFn: () => countPending(filter),
    refetchInterval: 30_000,
  });
  const total = pending.data?.total ?? 0;
  return (
    <Group gap="xs">
      {total > 0 && (
        <Button variant="light" color="orange" onClick={() => setDialog('approve')}>
          {t('approval.approveAll')}
        </Button>
      )}
      <Button variant="default" onClick={() => setDialog('preregister')}>
        {t('approval.preregister')}
      </Button>
      <Button variant="default" onClick={() => setDialog('settings')}>
        {t('approval.settings')}
      </Button>
      {dialog === 'settings' && <SettingsDialog onClose={() => setDialog(null)} />}
      {dialog === 'preregister' && <PreregisterDialog onClose={() => setDialog(null)} />}
      {dialog === 'approve' && (
        <ApproveAllDialog
          filter={filter}
          total={total}
          onClose={(approved) => {
            setDialog(null);
            if (approved) {
              void pending.refetch();
              onChanged();
            }
          }}
        />
      )}
    </Group>
  );
}
