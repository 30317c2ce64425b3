import { Alert, Button, Group, Modal, MultiSelect, Stack } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceGroup } from '../../../shared/access.ts';
import { api } from '../../api/client.ts';

type Options = Array<{ value: string; label: string }>;

/** Who may access one device group: users and user groups (saved as the whole set). */
export function GrantsModal(props: {
  group: DeviceGroup;
  users: Options;
  groups: Options;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [userIds, setUserIds] = useState(props.group.userIds);
  const [groupIds, setGroupIds] = useState(props.group.groupIds);
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await api('PUT', `/api/console/device-groups/${props.group.id}/grants`, { userIds, groupIds });
      props.onDone();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  return (
    <Modal opened onClose={props.onDone} title={t('deviceGroups.accessTitle', { name: props.group.name })}>
      <form onSubmit={submit}>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <MultiSelect
            label={t('deviceGroups.groups')}
            data={props.groups}
            value={groupIds}
            onChange={setGroupIds}
            searchable
            comboboxProps={{ withinPortal: false }}
          />
          <MultiSelect
            label={t('deviceGroups.users')}
            data={props.users}
            value={userIds}
            onChange={setUserIds}
            searchable
            comboboxProps={{ withinPortal: false }}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onDone}>
              {t('common.cancel')}
            </Button>
            <Button type="submit">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
