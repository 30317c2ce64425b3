import { ActionIcon, Button, Group, Input, Select, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RoleMappingEntry } from '../../../shared/sso.ts';
import { roleLabel, useRoles } from '../../api/roles.ts';

/**
 * The provider's group → role rows (issue 12): an IdP group, as the groups claim sends it, gives its
 * members a role at every sign-in. Mounted in the provider form with one line.
 */
export function RoleMappingInput({
  value,
  onChange,
}: {
  value: RoleMappingEntry[];
  onChange: (m: RoleMappingEntry[]) => void;
}) {
  const { t } = useTranslation();
  const roles = useRoles();
  const data = (roles.data ?? []).map((r) => ({ value: r.id, label: roleLabel(t, r) }));
  const update = (i: number, patch: Partial<RoleMappingEntry>) =>
    onChange(value.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  return (
    <Input.Wrapper label={t('roles.mapping')} description={t('roles.mappingHelp')}>
      <Stack gap={6} mt={6}>
        {value.map((m, i) => (
          <Group key={i} gap="xs" wrap="nowrap" align="flex-end">
            <TextInput
              flex={1}
              aria-label={`${t('roles.idpGroup')} → ${t('roles.role')} ${i + 1}`}
              placeholder={t('roles.idpGroup')}
              value={m.idpGroup}
              onChange={(e) => update(i, { idpGroup: e.currentTarget.value })}
            />
            <Select
              flex={1}
              aria-label={`${t('roles.role')} ${i + 1}`}
              placeholder={t('roles.role')}
              data={data}
              value={m.roleId || null}
              onChange={(x) => update(i, { roleId: x ?? '' })}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              aria-label={`${t('roles.removeMapping')} ${i + 1}`}
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
          onClick={() => onChange([...value, { idpGroup: '', roleId: '' }])}
        >
          {t('roles.addMapping')}
        </Button>
      </Stack>
    </Input.Wrapper>
  );
}
