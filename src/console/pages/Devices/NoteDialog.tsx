import { Alert, Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Device } from '../../../shared/devices.ts';

/** Edits an administrator's note on a device; shows the server's refusal in words. */
export function NoteDialog({
  device,
  onSave,
  onClose,
}: {
  device: Device;
  onSave: (note: string) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [note, setNote] = useState(device.note);
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal opened onClose={onClose} title={`${t('devices.editNote')}: ${device.hostname || device.id}`}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSave(note).catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
        }}
      >
        <Stack>
          <Textarea
            label={t('common.note')}
            value={note}
            maxLength={2000}
            autosize
            minRows={3}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
