import { ActionIcon, Group, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  type CatalogueOption,
  findCatalogueOption,
  OPTION_GROUPS,
  STRATEGY_CATALOGUE,
} from '../../../shared/strategy-catalogue.ts';

/** The catalogue options a strategy sets, in catalogue order. */
export type ChosenOptions = Record<string, string>;

/** Splits options into catalogue ones and the free `key=value` text. */
export function splitOptions(options: Record<string, string>): { chosen: ChosenOptions; free: string } {
  const chosen: ChosenOptions = {};
  const free: string[] = [];
  for (const [k, v] of Object.entries(options)) {
    if (findCatalogueOption(k)) chosen[k] = v;
    else free.push(`${k}=${v}`);
  }
  return { chosen, free: free.join('\n') };
}

/** Parses the free text; the 1-based number of the first bad line instead when one is not key=value. */
export function parseFree(text: string): Record<string, string> | number {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) return i + 1;
    out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}

function ValueInput(props: { option: CatalogueOption; value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  const { option } = props;
  const label = option.key;
  if (option.type === 'bool' || option.type === 'enum') {
    const data =
      option.type === 'bool'
        ? [
            { value: 'Y', label: t('strategy.yes') },
            { value: 'N', label: t('strategy.no') },
          ]
        : (option.values ?? []).map((v) => ({ value: v, label: v === '' ? t('strategy.clientChoice') : v }));
    return (
      <Select
        aria-label={label}
        data={data}
        value={props.value}
        onChange={(v) => props.onChange(v ?? '')}
        allowDeselect={false}
        comboboxProps={{ withinPortal: false }}
        w={220}
      />
    );
  }
  return (
    <TextInput
      aria-label={label}
      value={props.value}
      inputMode={option.type === 'number' ? 'numeric' : undefined}
      onChange={(e) => props.onChange(e.currentTarget.value)}
      w={220}
    />
  );
}

/** Choose options from the typed catalogue (grouped as the client's settings) plus free key=value lines. */
export function OptionsEditor(props: {
  chosen: ChosenOptions;
  onChosen: (next: ChosenOptions) => void;
  free: string;
  onFree: (text: string) => void;
  freeError: string | null;
}) {
  const { t } = useTranslation();
  const data = OPTION_GROUPS.map((group) => ({
    group: t(`strategy.group.${group}`),
    items: STRATEGY_CATALOGUE.filter((o) => o.group === group && !(o.key in props.chosen)).map((o) => ({
      value: o.key,
      label: `${o.key} — ${t(`strategy.help.${o.key}`)}`,
    })),
  })).filter((g) => g.items.length > 0);
  const rows = STRATEGY_CATALOGUE.filter((o) => o.key in props.chosen);
  return (
    <Stack gap="xs">
      <Select
        label={t('strategy.addOption')}
        placeholder={t('strategy.addOptionHint')}
        data={data}
        value={null}
        searchable
        onChange={(key) => {
          const option = key ? findCatalogueOption(key) : undefined;
          if (option) props.onChosen({ ...props.chosen, [option.key]: option.default });
        }}
        comboboxProps={{ withinPortal: false }}
      />
      {rows.map((o) => (
        <Group key={o.key} justify="space-between" wrap="nowrap" align="center">
          <div style={{ minWidth: 0 }}>
            <Text size="sm" ff="monospace">
              {o.key}
            </Text>
            <Text size="xs" c="dimmed">
              {t(`strategy.help.${o.key}`)} · {t('strategy.clientDefault', { value: o.default || '—' })}
            </Text>
          </div>
          <Group gap={4} wrap="nowrap">
            <ValueInput
              option={o}
              value={props.chosen[o.key] ?? ''}
              onChange={(v) => props.onChosen({ ...props.chosen, [o.key]: v })}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={t('strategy.removeOption', { key: o.key })}
              onClick={() => {
                const { [o.key]: _removed, ...rest } = props.chosen;
                props.onChosen(rest);
              }}
            >
              ×
            </ActionIcon>
          </Group>
        </Group>
      ))}
      <Textarea
        label={t('strategy.free')}
        placeholder={t('strategy.freeHint')}
        value={props.free}
        onChange={(e) => props.onFree(e.currentTarget.value)}
        error={props.freeError}
        autosize
        minRows={2}
        ff="monospace"
      />
    </Stack>
  );
}
