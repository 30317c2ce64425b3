import { Alert, Button, Group, Modal, MultiSelect, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GroupDeviceAccess } from '../../../shared/access.ts';
import type { Group as UserGroup } from '../../../shared/accounts.ts';
import { api } from '../../api/client.ts';

/** The user groups whose devices the members of one group may access. */
export function DeviceAccessModal(props: { group: UserGroup; groups: UserGroup[]; onClose: () => void }) {
  const { t } = useTranslation();
  const url = `/api/console/groups/${props.group.id}/device-access`;
  const current = useQuery({
    queryKey: ['groups', props.group.id, 'device-access'],
    queryFn: () => api<GroupDeviceAccess>('GET', url),
  });
  // The admin's choice, else the stored one, derived rather than copied in by an effect: the copy ran a frame
  // after the field was enabled, so a choice made at once could be overwritten and Save stored the old list.
  const [picked, setPicked] = useState<string[] | null>(null);
  const targets = picked ?? current.data?.targetGroupIds ?? [];
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await api('PUT', url, { targetGroupIds: targets });
      await current.refetch();
      props.onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  return (
    <Modal opened onClose={props.onClose} title={t('groups.deviceAccessTitle', { name: props.group.name })}>
      <form onSubmit={submit}>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Text size="sm" c="dimmed">
            {t('groups.deviceAccessHelp')}
          </Text>
          <MultiSelect
            label={t('groups.deviceAccessTargets')}
            data={props.groups.map((g) => ({ value: g.id, label: g.name }))}
            value={targets}
            onChange={setPicked}
            disabled={current.isPending}
            searchable
            comboboxProps={{ withinPortal: false }}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" disabled={current.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
