import { ActionIcon, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Group as DeskGateGroup } from '../../../shared/accounts.ts';
import type { LdapSettingsInput } from '../../../shared/ldap.ts';
import { api } from '../../api/client.ts';

type Mapping = LdapSettingsInput['groupMappings'][number];

/** memberOf → DeskGate group rows; the first group the person is in wins. */
export function GroupMappings({ value, onChange }: { value: Mapping[]; onChange: (v: Mapping[]) => void }) {
  const { t } = useTranslation();
  const groups = useQuery({
    queryKey: ['groups'],
    queryFn: () => api<DeskGateGroup[]>('GET', '/api/console/groups'),
  });
  const options = (groups.data ?? []).map((g) => ({ value: g.id, label: g.name }));
  const set = (i: number, patch: Partial<Mapping>) =>
    onChange(value.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        {t('ldap.groupMappings')}
      </Text>
      {value.map((m, i) => (
        <Group key={i} align="flex-end" wrap="nowrap">
          <TextInput
            aria-label={t('ldap.groupDn')}
            placeholder="CN=DeskGate Support,OU=Groups,DC=corp,DC=example"
            value={m.groupDn}
            onChange={(e) => set(i, { groupDn: e.currentTarget.value })}
            style={{ flex: 1 }}
          />
          <Select
            aria-label={t('nav.groups')}
            data={options}
            value={m.groupId || null}
            onChange={(v) => set(i, { groupId: v ?? '' })}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={t('common.delete')}
            onClick={() => onChange(value.filter((_, j) => j !== i))}
          >
            ×
          </ActionIcon>
        </Group>
      ))}
      <Button variant="default" size="xs" onClick={() => onChange([...value, { groupDn: '', groupId: '' }])}>
        {t('ldap.addMapping')}
      </Button>
    </Stack>
  );
}
