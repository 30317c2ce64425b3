import { TextInput, type TextInputProps } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { locale } from '../i18n/format.ts';
import { isoToLocalDate, localDateToIso } from './date-text.ts';

type Props = Omit<TextInputProps, 'value' | 'onChange' | 'type' | 'description'> & {
  /** `YYYY-MM-DD`, or '' for none. */
  value: string;
  /** `YYYY-MM-DD` once the text is a day; until then the text itself, which no ISO check accepts. */
  onChange: (value: string) => void;
  description?: string;
};

/**
 * A date typed and shown in the console's language (31/12/2026, 2026/12/31). The browser's own date input
 * follows the browser's locale, so an English browser showed US dates on the Japanese console (issue 11).
 */
export function DateField({ value, onChange, description, ...rest }: Props) {
  const { t } = useTranslation();
  const lang = locale();
  const [typed, setTyped] = useState<{ text: string; lang: string } | null>(null);
  // What was typed while it still says the current value; otherwise the value in this language's order.
  const text =
    typed && typed.lang === lang && (localDateToIso(typed.text, lang) ?? typed.text) === value
      ? typed.text
      : isoToLocalDate(value, lang);
  const example = isoToLocalDate('2026-12-31', lang);
  const hint = t('date.formatHint', { example });
  return (
    <TextInput
      {...rest}
      value={text}
      placeholder={example}
      autoComplete="off"
      description={description ? `${description} ${hint}` : hint}
      onChange={(e) => {
        const next = e.currentTarget.value;
        setTyped({ text: next, lang });
        onChange(next.trim() === '' ? '' : (localDateToIso(next, lang) ?? next));
      }}
    />
  );
}
