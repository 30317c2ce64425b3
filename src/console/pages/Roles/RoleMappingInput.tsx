import { useTranslation } from 'react-i18next';
import type { RoleMappingEntry } from '../../../shared/sso.ts';
import { roleLabel, useRoles } from '../../api/roles.ts';
import { MappingRows } from '../../components/MappingRows.tsx';

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
  return (
    <MappingRows
      value={value}
      onChange={onChange}
      toKey="roleId"
      options={(roles.data ?? []).map((r) => ({ value: r.id, label: roleLabel(t, r) }))}
      text={{
        label: t('roles.mapping'),
        description: t('roles.mappingHelp'),
        from: t('roles.idpGroup'),
        to: t('roles.role'),
        add: t('roles.addMapping'),
        remove: t('roles.removeMapping'),
      }}
    />
  );
}
