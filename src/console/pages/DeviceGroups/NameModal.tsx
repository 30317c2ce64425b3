import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceGroup } from '../../../shared/access.ts';
import { api } from '../../api/client.ts';

/** Create a device group, or rename it and change its note. */
export function NameModal({ group, onDone }: { group: DeviceGroup | undefined; onDone: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(group?.name ?? '');
  const [note, setNote] = useState(group?.note ?? '');
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      if (group) await api('PATCH', `/api/console/device-groups/${group.id}`, { name, note });
      else await api('POST', '/api/console/device-groups', { name, note });
      onDone();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  return (
    <Modal opened onClose={onDone} title={group ? t('deviceGroups.edit') : t('deviceGroups.new')}>
      <form onSubmit={submit}>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput
            label={t('deviceGroups.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
          />
          <TextInput label={t('common.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>
              {t('common.cancel')}
            </Button>
            <Button type="submit">{group ? t('common.save') : t('common.create')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
