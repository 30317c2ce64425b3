import { Alert, Button, Group, Stack } from '@mantine/core';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../api/error-text.ts';
import { useRequiredCheck } from './required-check.tsx';

/** A dialog form (the form's own words for empty required fields, issue 11): its fields, the server's refusal in words above them, Cancel and a busy submit button. */
export function SubmitForm({
  onSubmit,
  onCancel,
  submitLabel,
  children,
}: {
  onSubmit: () => Promise<void>;
  onCancel: () => void;
  submitLabel: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const required = useRequiredCheck();
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!required.check(e.currentTarget as HTMLFormElement)) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit();
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate>
      {required.alert}
      <Stack>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {children}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
