import { ActionIcon, Button, Group, Input, Select, Stack, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Group as UserGroup } from '../../../shared/accounts.ts';
import { api } from '../../api/client.ts';
import type { ProviderDraft } from './provider-draft.ts';

type Mapping = ProviderDraft['groupMapping'];

/** Group mapping rows: an IdP group (as the groups claim sends it) → a DeskGate user group. */
export function GroupMappingInput({ value, onChange }: { value: Mapping; onChange: (m: Mapping) => void }) {
  const { t } = useTranslation();
  const groups = useQuery({
    queryKey: ['groups'],
    queryFn: () => api<UserGroup[]>('GET', '/api/console/groups'),
  });
  const data = (groups.data ?? []).map((g) => ({ value: g.id, label: g.name }));
  const update = (i: number, patch: Partial<Mapping[number]>) =>
    onChange(value.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  return (
    <Input.Wrapper label={t('oidc.groupMapping')} description={t('oidc.groupMappingHelp')}>
      <Stack gap={6} mt={6}>
        {value.map((m, i) => (
          <Group key={i} gap="xs" wrap="nowrap" align="flex-end">
            <TextInput
              flex={1}
              aria-label={`${t('oidc.idpGroup')} ${i + 1}`}
              placeholder={t('oidc.idpGroup')}
              value={m.idpGroup}
              onChange={(e) => update(i, { idpGroup: e.currentTarget.value })}
            />
            <Select
              flex={1}
              aria-label={`${t('oidc.userGroup')} ${i + 1}`}
              placeholder={t('oidc.userGroup')}
              data={data}
              value={m.groupId || null}
              onChange={(x) => update(i, { groupId: x ?? '' })}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              aria-label={`${t('oidc.removeMapping')} ${i + 1}`}
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
          onClick={() => onChange([...value, { idpGroup: '', groupId: '' }])}
        >
          {t('oidc.addMapping')}
        </Button>
      </Stack>
    </Input.Wrapper>
  );
}
