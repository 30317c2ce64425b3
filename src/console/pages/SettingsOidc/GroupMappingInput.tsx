import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Group as UserGroup } from '../../../shared/accounts.ts';
import { api } from '../../api/client.ts';
import { MappingRows } from '../../components/MappingRows.tsx';
import type { ProviderDraft } from './provider-draft.ts';

type Mapping = ProviderDraft['groupMapping'];

/** Group mapping rows: an IdP group (as the groups claim sends it) → a DeskGate user group. */
export function GroupMappingInput({ value, onChange }: { value: Mapping; onChange: (m: Mapping) => void }) {
  const { t } = useTranslation();
  const groups = useQuery({
    queryKey: ['groups'],
    queryFn: () => api<UserGroup[]>('GET', '/api/console/groups'),
  });
  return (
    <MappingRows
      value={value}
      onChange={onChange}
      toKey="groupId"
      options={(groups.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
      text={{
        label: t('oidc.groupMapping'),
        description: t('oidc.groupMappingHelp'),
        from: t('oidc.idpGroup'),
        to: t('oidc.userGroup'),
        add: t('oidc.addMapping'),
        remove: t('oidc.removeMapping'),
      }}
    />
  );
}
