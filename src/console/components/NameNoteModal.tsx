import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { useRequiredCheck } from './required-check.tsx';

/**
 * Create or edit a named thing with a note (user groups, device groups, shared address books): POST to
 * `collection` when new, PATCH `collection/<id>` when editing; the server's sentence shows inline on failure.
 */
export function NameNoteModal({
  item,
  collection,
  titles,
  nameLabel,
  onDone,
}: {
  item: { id: string; name: string; note: string } | undefined;
  collection: string;
  titles: { new: string; edit: string };
  nameLabel: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(item?.name ?? '');
  const [note, setNote] = useState(item?.note ?? '');
  const [error, setError] = useState<string | null>(null);
  const required = useRequiredCheck();
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!required.check(e.currentTarget as HTMLFormElement)) return;
    try {
      if (item) await api('PATCH', `${collection}/${item.id}`, { name, note });
      else await api('POST', collection, { name, note });
      onDone();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  return (
    <Modal opened onClose={onDone} title={item ? titles.edit : titles.new}>
      <form onSubmit={submit} noValidate>
        {required.alert}
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput
            label={nameLabel}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
          />
          <TextInput label={t('common.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>
              {t('common.cancel')}
            </Button>
            <Button type="submit">{item ? t('common.save') : t('common.create')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
