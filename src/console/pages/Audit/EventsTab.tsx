import { Pagination, Stack, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EVENT_KINDS, type EventPage } from '../../../shared/audit.ts';
import { api } from '../../api/client.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { FilterBar } from './FilterBar.tsx';
import { type AuditFilters, NO_FILTERS, toQuery } from './filters.ts';

const PAGE_SIZE = 50;

/** What RustDesk clients reported: connections, file transfers, alarms. */
export function EventsTab() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const [page, setPage] = useState(1);
  const query = toQuery(filters, 'kind');
  const events = useQuery({
    queryKey: ['audit-events', query.toString(), page],
    queryFn: () =>
      api<EventPage>('GET', `/api/console/audit/events?${query}&page=${page}&pageSize=${PAGE_SIZE}`),
    placeholderData: keepPreviousData,
  });
  const kinds = EVENT_KINDS.map((k) => ({ value: k, label: t(`audit.kind.${k}`) }));
  return (
    <Stack>
      <FilterBar
        value={filters}
        onChange={(f) => {
          setFilters(f);
          setPage(1);
        }}
        types={kinds}
        csvHref={`/api/console/audit/events.csv?${query}`}
      />
      <Text size="sm" c="dimmed">
        {t('audit.total', { count: events.data?.total ?? 0 })}
      </Text>
      {/* Narrow screens: the key columns stay, the rest scrolls sideways inside the table, not the page. */}
      <Table.ScrollContainer minWidth={0} type="native">
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('audit.time')}</Table.Th>
              <Table.Th>{t('audit.type')}</Table.Th>
              <Table.Th>{t('audit.action')}</Table.Th>
              <Table.Th>{t('audit.device')}</Table.Th>
              <Table.Th>{t('audit.peer')}</Table.Th>
              <Table.Th>{t('audit.ip')}</Table.Th>
              <Table.Th>{t('common.note')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {events.data?.items.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</Table.Td>
                <Table.Td>{t(`audit.kind.${e.kind}`)}</Table.Td>
                <Table.Td>{e.action}</Table.Td>
                <Table.Td>{e.deviceId}</Table.Td>
                <Table.Td>{[e.peerId, e.peerName].filter(Boolean).join(' · ')}</Table.Td>
                <Table.Td>{e.ip}</Table.Td>
                <Table.Td>{e.note && `${e.note}${e.noteBy ? ` (${e.noteBy})` : ''}`}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {events.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
      {events.data?.items.length === 0 && <Text c="dimmed">{t('audit.empty')}</Text>}
      {(events.data?.total ?? 0) > PAGE_SIZE && (
        <Pagination
          total={Math.ceil((events.data?.total ?? 0) / PAGE_SIZE)}
          value={page}
          onChange={setPage}
        />
      )}
    </Stack>
  );
}
