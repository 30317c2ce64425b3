import { Alert, Button, Group, Modal, Select, Stack } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Device } from '../../../shared/devices.ts';
import { useDeviceGroups, useUserOptions } from '../DeviceGroups/options.ts';

export interface Assignment {
  userId: string | null;
  deviceGroupId: string | null;
}

/** Assign a device to a user and to a device group (either may be none). */
export function AssignDialog(props: {
  device: Device;
  onClose: () => void;
  onSave: (assignment: Assignment) => Promise<void>;
}) {
  const { t } = useTranslation();
  const users = useUserOptions();
  const deviceGroups = useDeviceGroups();
  const [userId, setUserId] = useState(props.device.userId);
  const [deviceGroupId, setDeviceGroupId] = useState(props.device.deviceGroupId);
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await props.onSave({ userId, deviceGroupId });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  return (
    <Modal opened onClose={props.onClose} title={t('devices.assignTitle', { id: props.device.id })}>
      <form onSubmit={submit}>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Select
            label={t('devices.assignUser')}
            placeholder={t('devices.none')}
            data={users.data ?? []}
            value={userId}
            onChange={setUserId}
            searchable
            clearable
            comboboxProps={{ withinPortal: false }}
          />
          <Select
            label={t('devices.assignGroup')}
            placeholder={t('devices.none')}
            data={(deviceGroups.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
            value={deviceGroupId}
            onChange={setDeviceGroupId}
            searchable
            clearable
            comboboxProps={{ withinPortal: false }}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
