import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * A list filter: a native <select> whose first choice, "Any", clears it. Mantine's Select brings a combobox,
 * a popover and floating-ui per filter — four of them were a third of the Users page's first render
 * (issue 14: the console reload) — and a short fixed list needs none of that; phones show their own picker.
 */
export function FilterSelect(props: {
  label: string;
  value: string | null;
  onChange: (value: string | null) => void;
  data: { value: string; label: string }[];
  w?: number;
}) {
  const { t } = useTranslation();
  return (
    <NativeSelect
      label={props.label}
      value={props.value ?? ''}
      onChange={(e) => props.onChange(e.currentTarget.value || null)}
      data={[{ value: '', label: t('table.any') }, ...props.data]}
      {...(props.w ? { w: props.w } : {})}
    />
  );
}
