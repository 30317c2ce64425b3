import { Stack } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/accounts.ts';
import { useCan } from '../../api/can.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { FilterSelect } from '../../components/FilterSelect.tsx';
import { ListHeader } from '../../components/ListHeader.tsx';
import { useListQuery } from '../../components/list-query.ts';
import { RowLink } from '../../components/RowParts.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { UserBadges, useRoleName } from './UserBadges.tsx';
import { useUserActions } from './user-actions.tsx';
import { DEFAULT_SORT, type Filters, groupsQuery, NO_FILTERS, PAGE_SIZE, usersQuery } from './users-query.ts';

/** Users: server-side search, filters, sort and paging; each row's actions in its menu. */
export default function UsersPage() {
  const { t } = useTranslation();
  const list = useListQuery<Filters>({ sort: DEFAULT_SORT, filters: NO_FILTERS });
  const { page, search, sort, filters, setFilter: filter } = list;
  const actions = useUserActions();
  const canManage = useCan('users', 'manage');
  const users = useQuery({
    ...usersQuery({ page, search, sort, filters }),
    placeholderData: keepPreviousData,
  });
  const groups = useQuery(groupsQuery);
  const roleName = useRoleName();

  const columns: Column<User>[] = [
    {
      key: 'username',
      header: t('users.username'),
      sortable: true,
      render: (u) => <RowLink to={`/users/${u.id}`}>{u.username}</RowLink>,
    },
    { key: 'displayName', header: t('users.displayName'), sortable: true, render: (u) => u.displayName },
    { key: 'email', header: t('users.email'), sortable: true, render: (u) => u.email },
    { key: 'group', header: t('users.group'), sortable: true, render: (u) => u.groupName },
    {
      key: 'status',
      header: t('users.status'),
      sortable: true,
      render: (u) => <UserBadges user={u} roleName={roleName} />,
    },
    {
      key: 'lastLogin',
      header: t('users.lastLogin'),
      sortable: true,
      nowrap: true,
      render: (u) => (u.lastLoginAt ? formatDateTime(u.lastLoginAt) : t('users.never')),
    },
  ];

  const yesNo = [
    { value: 'true', label: t('common.yes') },
    { value: 'false', label: t('common.no') },
  ];
  const filterInputs = (
    <>
      <FilterSelect
        label={t('users.group')}
        data={(groups.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
        value={filters.groupId}
        onChange={filter('groupId')}
        w={160}
      />
      <FilterSelect
        label={t('users.status')}
        data={[
          { value: 'enabled', label: t('users.statusEnabled') },
          { value: 'disabled', label: t('users.statusDisabled') },
        ]}
        value={filters.status}
        onChange={filter('status')}
        w={140}
      />
      <FilterSelect
        label={t('users.admin')}
        data={yesNo}
        value={filters.admin}
        onChange={filter('admin')}
        w={140}
      />
      <FilterSelect
        label={t('usersList.method')}
        data={[
          { value: 'password', label: t('usersList.methodPassword') },
          { value: 'sso', label: t('usersList.methodSso') },
        ]}
        value={filters.method}
        onChange={filter('method')}
        w={180}
      />
    </>
  );

  return (
    <Stack>
      <ListHeader
        title={t('users.title')}
        create={canManage && { label: t('users.new'), onClick: actions.create }}
        error={users.error}
      />
      {actions.dialogs}
      <DataTable
        label={t('users.title')}
        rows={users.data?.items}
        rowKey={(u) => u.id}
        rowName={(u) => u.username}
        columns={columns}
        empty={t('users.empty')}
        loading={users.isFetching}
        {...list.tableProps(users.data?.total ?? 0, PAGE_SIZE)}
        filters={filterInputs}
        actions={actions.actionsFor}
      />
    </Stack>
  );
}
