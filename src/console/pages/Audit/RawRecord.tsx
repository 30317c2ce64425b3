import { Button, Code, Modal } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TrailEntry } from '../../../shared/audit.ts';

/** The entry exactly as stored, one click away from its sentence. */
export function RawRecord({ entry }: { entry: TrailEntry }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  let detail: unknown = entry.detail;
  try {
    detail = JSON.parse(entry.detail);
  } catch {
    // Shown as the stored text.
  }
  return (
    <>
      <Button
        size="compact-xs"
        variant="subtle"
        onClick={() => setOpen(true)}
        aria-label={`${t('audit.showRaw')} #${entry.id}`}
      >
        {'{ }'}
      </Button>
      {open && (
        <Modal
          opened
          onClose={() => setOpen(false)}
          title={t('audit.rawTitle')}
          size="lg"
          closeButtonProps={{ 'aria-label': t('common.cancel') }}
        >
          <Code block>{JSON.stringify({ ...entry, detail }, null, 2)}</Code>
        </Modal>
      )}
    </>
  );
}
