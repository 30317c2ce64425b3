import { Button, Group, Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../components/DateField.tsx';
import type { AuditFilters } from './filters.ts';

/** Time range, user, device, type, and the CSV download of exactly what is filtered. */
export function FilterBar({
  value,
  onChange,
  types,
  csvHref,
}: {
  value: AuditFilters;
  onChange: (f: AuditFilters) => void;
  types: Array<{ value: string; label: string }>;
  csvHref: string;
}) {
  const { t } = useTranslation();
  const set = (patch: Partial<AuditFilters>) => onChange({ ...value, ...patch });
  return (
    <Group align="end" wrap="wrap">
      <DateField label={t('audit.from')} value={value.from} onChange={(v) => set({ from: v })} />
      <DateField label={t('audit.to')} value={value.to} onChange={(v) => set({ to: v })} />
      <TextInput
        label={t('audit.user')}
        value={value.user}
        onChange={(e) => set({ user: e.currentTarget.value })}
      />
      <TextInput
        label={t('audit.device')}
        value={value.device}
        onChange={(e) => set({ device: e.currentTarget.value })}
      />
      <Select
        label={t('audit.type')}
        placeholder={t('audit.allTypes')}
        data={types}
        value={value.type || null}
        onChange={(v) => set({ type: v ?? '' })}
        clearable
      />
      <Button component="a" href={csvHref} download variant="default">
        {t('audit.exportCsv')}
      </Button>
    </Group>
  );
}
