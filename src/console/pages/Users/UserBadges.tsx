import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/accounts.ts';
import { roleLabel, useRoles } from '../../api/roles.ts';
import { RowBadges } from '../../components/RowParts.tsx';

/** A role's name by its id, as the badges show it (one roles query for a whole list, not one per row). */
export function useRoleName(): (id: string) => string {
  const { t } = useTranslation();
  const roles = useRoles();
  return (id) => {
    const role = roles.data?.find((r) => r.id === id);
    return role ? roleLabel(t, role) : id;
  };
}

/** The enabled/disabled and administrator badges, never cut off. */
export function UserBadges({ user, roleName }: { user: User; roleName: (id: string) => string }) {
  const { t } = useTranslation();
  return (
    <RowBadges
      badges={[
        user.enabled
          ? { color: 'green', label: t('users.statusEnabled') }
          : { color: 'gray', label: t('users.statusDisabled') },
        ...(user.roleId ? [{ color: user.isAdmin ? 'violet' : 'blue', label: roleName(user.roleId) }] : []),
      ]}
    />
  );
}
