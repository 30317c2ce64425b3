import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Select,
  Stack,
  Switch,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceApprovalSettings } from '../../../shared/device-approval.ts';
import type { Device } from '../../../shared/devices.ts';
import { api } from '../../api/client.ts';
import { useDeviceGroups, useUserOptions } from '../DeviceGroups/options.ts';

const BASE = '/api/console/device-approval';
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Approves devices (one or many) and tells the page to refresh. */
export function approveDevices(ids: string[]) {
  return api('POST', `${BASE}/approve`, { ids });
}

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

function PreregisterDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const users = useUserOptions();
  const deviceGroups = useDeviceGroups();
  const [deviceId, setDeviceId] = useState('');
  const [userId, setUserId] = useState<string | null>(null);
  const [deviceGroupId, setDeviceGroupId] = useState<string | null>(null);
  const [strategyName, setStrategyName] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await api('POST', `${BASE}/preregistrations`, {
        deviceId: deviceId.trim(),
        userId,
        deviceGroupId,
        strategyName,
        note,
      });
      onClose();
    } catch (err) {
      setError(message(err));
    }
  }
  return (
    <Modal opened onClose={onClose} title={t('approval.preregister')}>
      <form onSubmit={submit}>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput
            label={t('approval.deviceId')}
            required
            value={deviceId}
            onChange={(e) => setDeviceId(e.currentTarget.value)}
          />
          <Select
            label={t('approval.user')}
            placeholder={t('approval.none')}
            data={users.data ?? []}
            value={userId}
            onChange={setUserId}
            searchable
            clearable
            comboboxProps={{ withinPortal: false }}
          />
          <Select
            label={t('approval.deviceGroup')}
            placeholder={t('approval.none')}
            data={(deviceGroups.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
            value={deviceGroupId}
            onChange={setDeviceGroupId}
            searchable
            clearable
            comboboxProps={{ withinPortal: false }}
          />
          <TextInput
            label={t('approval.strategy')}
            value={strategyName}
            maxLength={100}
            onChange={(e) => setStrategyName(e.currentTarget.value)}
          />
          <Textarea
            label={t('common.note')}
            value={note}
            maxLength={2000}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" disabled={!deviceId.trim()}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The Devices page's approval tools: approve all shown pending devices, pre-register an ID, the setting. */
export function ApprovalToolbar({ devices, onChanged }: { devices: Device[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<'settings' | 'preregister' | null>(null);
  const pending = devices.filter((d) => d.pending).map((d) => d.id);
  return (
    <Group gap="xs">
      {pending.length > 0 && (
        <Button variant="light" color="orange" onClick={() => approveDevices(pending).then(onChanged)}>
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
    </Group>
  );
}
