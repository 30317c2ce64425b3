import { Alert, Button, Group, Modal, Select, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Preregistration } from '../../../shared/device-approval.ts';
import { api } from '../../api/client.ts';
import { useDeviceGroups, useUserOptions } from '../DeviceGroups/options.ts';
import { BASE, message } from './approval-api.ts';

/** The IDs pre-registered so far (they leave the list when the device connects), each removable. */
function PreregisteredList() {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: ['device-preregistrations'],
    queryFn: () => api<Preregistration[]>('GET', `${BASE}/preregistrations`),
  });
  if (!list.data?.length) return null;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {t('approval.preregistered')}
      </Text>
      <Table>
        <Table.Tbody>
          {list.data.map((p) => (
            <Table.Tr key={p.deviceId}>
              <Table.Td ff="monospace">{p.deviceId}</Table.Td>
              <Table.Td>
                {[p.userName, p.deviceGroupName, p.strategyName, p.note].filter(Boolean).join(' · ')}
              </Table.Td>
              <Table.Td>
                <Button
                  size="compact-xs"
                  color="red"
                  variant="light"
                  aria-label={`${t('common.delete')} ${p.deviceId}`}
                  onClick={() =>
                    api('DELETE', `${BASE}/preregistrations/${p.deviceId}`).then(() => list.refetch())
                  }
                >
                  {t('common.delete')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

/** Records a device ID with its user, device group, strategy and note before it first connects. */
export function PreregisterDialog({ onClose }: { onClose: () => void }) {
  const client = useQueryClient();
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
      await client.invalidateQueries({ queryKey: ['device-preregistrations'] });
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
          <PreregisteredList />
        </Stack>
      </form>
    </Modal>
  );
}
