import {
  Alert,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssignmentList, AssignmentTarget, Strategy } from '../../../shared/strategies.ts';
import { api } from '../../api/client.ts';
import { useDeviceGroups, useUserOptions } from '../DeviceGroups/options.ts';

const TARGETS: AssignmentTarget[] = ['device-group', 'user', 'device'];

/** Assign a strategy to a device group, a user or a device; lists and removes its assignments. */
export function AssignModal(props: {
  strategy: Strategy;
  assignments: AssignmentList;
  onChanged: () => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const users = useUserOptions();
  const deviceGroups = useDeviceGroups();
  const [targetType, setTargetType] = useState<AssignmentTarget>('device-group');
  const [targetId, setTargetId] = useState<string | null>(null);
  const [deviceId, setDeviceId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const mine = props.assignments.filter((a) => a.strategyId === props.strategy.id);

  async function put(type: AssignmentTarget, id: string, strategyId: string | null) {
    try {
      await api('PUT', '/api/console/strategies/assignments', { targetType: type, targetId: id, strategyId });
      setError(null);
      await props.onChanged();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  async function submit(e: FormEvent) {
    e.preventDefault();
    const id = targetType === 'device' ? deviceId.trim() : targetId;
    if (id) await put(targetType, id, props.strategy.id);
  }
  const options =
    targetType === 'user'
      ? (users.data ?? [])
      : (deviceGroups.data ?? []).map((g) => ({ value: g.id, label: g.name }));

  return (
    <Modal
      opened
      size="lg"
      onClose={props.onClose}
      title={t('strategy.assignTitle', { name: props.strategy.name })}
    >
      <Stack>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <form onSubmit={submit}>
          <Stack>
            <SegmentedControl
              aria-label={t('strategy.targetType')}
              value={targetType}
              onChange={(v) => {
                setTargetType(v as AssignmentTarget);
                setTargetId(null);
              }}
              data={TARGETS.map((v) => ({ value: v, label: t(`strategy.target.${v}`) }))}
            />
            {targetType === 'device' ? (
              <TextInput
                label={t('strategy.targetDevice')}
                value={deviceId}
                onChange={(e) => setDeviceId(e.currentTarget.value)}
              />
            ) : (
              <Select
                label={t(`strategy.target.${targetType}`)}
                data={options}
                value={targetId}
                onChange={setTargetId}
                searchable
                comboboxProps={{ withinPortal: false }}
              />
            )}
            <Group justify="flex-end">
              <Button type="submit">{t('strategy.assign')}</Button>
            </Group>
          </Stack>
        </form>
        <Text fw={500}>{t('strategy.assignments')}</Text>
        {mine.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('strategy.noAssignments')}
          </Text>
        ) : (
          <Table>
            <Table.Tbody>
              {mine.map((a) => (
                <Table.Tr key={`${a.targetType}:${a.targetId}`}>
                  <Table.Td>{t(`strategy.target.${a.targetType}`)}</Table.Td>
                  <Table.Td>{a.targetName}</Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      variant="light"
                      color="red"
                      aria-label={`${t('strategy.unassign')} ${a.targetName}`}
                      onClick={() => put(a.targetType, a.targetId, null)}
                    >
                      {t('strategy.unassign')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
