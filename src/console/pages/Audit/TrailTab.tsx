import { Stack, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TrailEntry, TrailPage } from '../../../shared/audit.ts';
import { api } from '../../api/client.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { FilterBar } from './FilterBar.tsx';
import { type AuditFilters, NO_FILTERS, toQuery } from './filters.ts';
import { RawRecord } from './RawRecord.tsx';
import { describeEntry } from './sentence.ts';

const PAGE_SIZE = 50;
// Action prefixes of the trail; the labels are the trail's own identifiers.
const ACTION_TYPES = [
  'auth',
  'user',
  'group',
  'role',
  'sso',
  'scim',
  'ldap',
  'email',
  'client',
  'device',
  'device-group',
  'strategy',
  'api-token',
  'address-book',
  'settings',
  'audit',
].map((v) => ({
  value: v,
  label: `${v}.*`,
}));

/** Console activity as sentences: who changed what, when, from where; the raw record one click away. */
export function TrailTab() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const [page, setPage] = useState(1);
  const query = toQuery(filters, 'action');
  const trail = useQuery({
    queryKey: ['audit-trail', query.toString(), page],
    queryFn: () =>
      api<TrailPage>('GET', `/api/console/audit/trail?${query}&page=${page}&pageSize=${PAGE_SIZE}`),
    placeholderData: keepPreviousData,
  });
  const names = trail.data?.names ?? {};
  const columns: Column<TrailEntry>[] = [
    {
      key: 'at',
      header: t('audit.time'),
      nowrap: true,
      render: (e) => <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at)}</time>,
    },
    { key: 'sentence', header: t('audit.sentence'), render: (e) => describeEntry(t, e, names) },
    { key: 'ip', header: t('audit.ip'), nowrap: true, render: (e) => e.ip },
    { key: 'raw', header: t('audit.detail'), render: (e) => <RawRecord entry={e} /> },
  ];
  return (
    <Stack>
      <FilterBar
        value={filters}
        onChange={(f) => {
          setFilters(f);
          setPage(1);
        }}
        types={ACTION_TYPES}
        csvHref={`/api/console/audit/trail.csv?${query}`}
      />
      <Text size="sm" c="dimmed">
        {t('audit.total', { count: trail.data?.total ?? 0 })}
      </Text>
      <DataTable
        label={t('audit.trail')}
        rows={trail.data?.items}
        rowKey={(e) => e.id}
        columns={columns}
        empty={t('audit.empty')}
        loading={trail.isFetching}
        paging={{ page, pageSize: PAGE_SIZE, total: trail.data?.total ?? 0, onChange: setPage }}
      />
    </Stack>
  );
}
