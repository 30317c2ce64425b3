import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { changeLanguage, LANGUAGES } from '../i18n/index.ts';

/** English / 日本語; the choice is remembered in this browser. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  return (
    <Select
      aria-label={t('language.label')}
      data={LANGUAGES.map((l) => ({ ...l }))}
      value={i18n.language.startsWith('ja') ? 'ja' : 'en'}
      onChange={(v) => v && changeLanguage(v)}
      allowDeselect={false}
      w={120}
      size="xs"
    />
  );
}
