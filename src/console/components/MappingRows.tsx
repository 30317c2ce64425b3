import { ActionIcon, Button, Group, Input, Select, Stack, TextInput } from '@mantine/core';

/** The words a set of mapping rows shows; `n` is the 1-based row number in accessible names. */
export interface MappingRowsText {
  label: string;
  description: string;
  from: string;
  to: string;
  add: string;
  remove: string;
}

/** Rows of "typed text → picked option" (e.g. IdP group → user group, IdP group → role), added and removed freely. */
export function MappingRows<K extends string>({
  value,
  onChange,
  toKey,
  options,
  text,
}: {
  value: ({ idpGroup: string } & Record<K, string>)[];
  onChange: (rows: ({ idpGroup: string } & Record<K, string>)[]) => void;
  toKey: K;
  options: { value: string; label: string }[];
  text: MappingRowsText;
}) {
  type Row = (typeof value)[number];
  const update = (i: number, patch: Partial<Row>) =>
    onChange(value.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  return (
    <Input.Wrapper label={text.label} description={text.description}>
      <Stack gap={6} mt={6}>
        {value.map((m, i) => (
          <Group key={i} gap="xs" wrap="nowrap" align="flex-end">
            <TextInput
              flex={1}
              aria-label={`${text.from} ${i + 1}`}
              placeholder={text.from}
              value={m.idpGroup}
              onChange={(e) => update(i, { idpGroup: e.currentTarget.value } as Partial<Row>)}
            />
            <Select
              flex={1}
              aria-label={`${text.to} ${i + 1}`}
              placeholder={text.to}
              data={options}
              value={m[toKey] || null}
              onChange={(x) => update(i, { [toKey]: x ?? '' } as Partial<Row>)}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              aria-label={`${text.remove} ${i + 1}`}
              onClick={() => onChange(value.filter((_, j) => j !== i))}
            >
              ×
            </ActionIcon>
          </Group>
        ))}
        <Button
          variant="light"
          size="compact-sm"
          w="fit-content"
          onClick={() => onChange([...value, { idpGroup: '', [toKey]: '' } as Row])}
        >
          {text.add}
        </Button>
      </Stack>
    </Input.Wrapper>
  );
}
