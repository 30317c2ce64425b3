import { Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TrailEntry } from '../../../shared/audit.ts';
import { formatDateTime, formatRelative } from '../../i18n/format.ts';
import { RawRecord } from './RawRecord.tsx';
import { describeEntry } from './sentence.ts';

/** A short list of trail entries as sentences (the Dashboard's recent administrator actions). */
export function RecentActions({ entries }: { entries: TrailEntry[] }) {
  const { t } = useTranslation();
  if (entries.length === 0) return <Text c="dimmed">{t('dashboard.noRecentActions')}</Text>;
  return (
    <Stack gap={6} data-testid="recent-actions">
      {entries.map((e) => (
        <Group key={e.id} gap="xs" wrap="nowrap" align="baseline">
          <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }} title={formatDateTime(e.at)}>
            {formatRelative(e.at)}
          </Text>
          <Text size="sm" style={{ flex: 1, minWidth: 0 }}>
            {describeEntry(t, e)}
          </Text>
          <RawRecord entry={e} />
        </Group>
      ))}
    </Stack>
  );
}
