import { Stack, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ClientEvent, EVENT_KINDS, type EventPage } from '../../../shared/audit.ts';
import { api } from '../../api/client.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
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
  const columns: Column<ClientEvent>[] = [
    { key: 'at', header: t('audit.time'), nowrap: true, render: (e) => formatDateTime(e.at) },
    { key: 'kind', header: t('audit.type'), render: (e) => t(`audit.kind.${e.kind}`) },
    { key: 'action', header: t('audit.action'), render: (e) => e.action },
    { key: 'device', header: t('audit.device'), nowrap: true, render: (e) => e.deviceId },
    {
      key: 'peer',
      header: t('audit.peer'),
      render: (e) => [e.peerId, e.peerName].filter(Boolean).join(' · '),
    },
    { key: 'ip', header: t('audit.ip'), nowrap: true, render: (e) => e.ip },
    {
      key: 'note',
      header: t('common.note'),
      render: (e) => e.note && `${e.note}${e.noteBy ? ` (${e.noteBy})` : ''}`,
    },
  ];
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
      <DataTable
        label={t('audit.events')}
        rows={events.data?.items}
        rowKey={(e) => e.id}
        columns={columns}
        empty={t('audit.empty')}
        loading={events.isFetching}
        paging={{ page, pageSize: PAGE_SIZE, total: events.data?.total ?? 0, onChange: setPage }}
      />
    </Stack>
  );
}
