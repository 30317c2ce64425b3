import { Code, Pagination, Stack, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TrailPage } from '../../../shared/audit.ts';
import { api } from '../../api/client.ts';
import { FilterBar } from './FilterBar.tsx';
import { type AuditFilters, NO_FILTERS, toQuery } from './filters.ts';

const PAGE_SIZE = 50;
// Action prefixes of the trail; the labels are the trail's own identifiers.
const ACTION_TYPES = ['auth', 'user', 'group', 'sso', 'client', 'device', 'ab', 'settings', 'audit'].map(
  (v) => ({
    value: v,
    label: `${v}.*`,
  }),
);

/** Console activity: who changed what, when, from where; sign-ins and SSO outcomes. */
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
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('audit.time')}</Table.Th>
            <Table.Th>{t('audit.user')}</Table.Th>
            <Table.Th>{t('audit.action')}</Table.Th>
            <Table.Th>{t('audit.target')}</Table.Th>
            <Table.Th>{t('audit.ip')}</Table.Th>
            <Table.Th>{t('audit.detail')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {trail.data?.items.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>{new Date(e.at).toLocaleString()}</Table.Td>
              <Table.Td>{e.actorName}</Table.Td>
              <Table.Td>{e.action}</Table.Td>
              <Table.Td>{e.target}</Table.Td>
              <Table.Td>{e.ip}</Table.Td>
              <Table.Td>{e.detail !== '{}' && <Code>{e.detail}</Code>}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {trail.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
      {trail.data?.items.length === 0 && <Text c="dimmed">{t('audit.empty')}</Text>}
      {(trail.data?.total ?? 0) > PAGE_SIZE && (
        <Pagination total={Math.ceil((trail.data?.total ?? 0) / PAGE_SIZE)} value={page} onChange={setPage} />
      )}
    </Stack>
  );
}
