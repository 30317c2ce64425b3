import { Alert } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The form's own words instead of the browser's "Please fill out this field" (issue 11): the form is
 * `noValidate`, its fields keep `required` (asterisk, aria-required), and Save names and focuses the first
 * empty one in the reader's language.
 */
export function useRequiredCheck() {
  const { t } = useTranslation();
  const [missing, setMissing] = useState<string | null>(null);
  /** True when every required field is filled in. */
  function check(form: HTMLFormElement): boolean {
    const fields = form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(
      'input[required], textarea[required]',
    );
    const empty = [...fields].find((el) => !el.value.trim());
    if (!empty) {
      setMissing(null);
      return true;
    }
    const label = (empty.labels?.[0]?.textContent ?? empty.getAttribute('aria-label') ?? '').replace(
      /\s*\*\s*$/,
      '',
    );
    setMissing(t('form.required', { field: label }));
    empty.focus();
    return false;
  }
  const alert = missing ? (
    <Alert color="red" role="alert" p="xs">
      {missing}
    </Alert>
  ) : null;
  return { check, alert };
}
