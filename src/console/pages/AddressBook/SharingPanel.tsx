import { Alert, Button, Group, SegmentedControl, Select, Stack, Table, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookShare, ShareTargets } from '../../../shared/address-books.ts';
import { api } from '../../api/client.ts';
import { ruleLabel } from './labels.tsx';

/** Who a shared book is shared with, at which level; only full control sees this panel. */
export function SharingPanel({ bookId, ownerId }: { bookId: string; ownerId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const base = `/api/console/address-books/${bookId}`;
  const shares = useQuery({
    queryKey: ['address-books', bookId, 'shares'],
    queryFn: () => api<BookShare[]>('GET', `${base}/shares`),
  });
  const targets = useQuery({
    queryKey: ['address-books', 'share-targets'],
    queryFn: () => api<ShareTargets>('GET', '/api/console/address-books/share-targets'),
  });
  const [kind, setKind] = useState<'user' | 'group'>('user');
  const [target, setTarget] = useState<string | null>(null);
  const [rule, setRule] = useState<string>('1');
  const [error, setError] = useState<string | null>(null);
  const levels = [1, 2, 3].map((r) => ({ value: String(r), label: ruleLabel(r, t) }));
  const options =
    kind === 'user'
      ? (targets.data?.users ?? [])
          .filter((u) => u.id !== ownerId)
          .map((u) => ({
            value: u.id,
            label: u.displayName ? `${u.username} (${u.displayName})` : u.username,
          }))
      : (targets.data?.groups ?? []).map((g) => ({ value: g.id, label: g.name }));
  const refresh = () => client.invalidateQueries({ queryKey: ['address-books', bookId, 'shares'] });
  async function run(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      await refresh();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  return (
    <Stack maw={760}>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Group align="flex-end">
        <SegmentedControl
          aria-label={t('ab.shareKind')}
          value={kind}
          onChange={(v) => {
            setKind(v === 'group' ? 'group' : 'user');
            setTarget(null);
          }}
          data={[
            { value: 'user', label: t('ab.shareUser') },
            { value: 'group', label: t('ab.shareGroup') },
          ]}
        />
        <Select label={t('ab.shareWith')} data={options} value={target} onChange={setTarget} searchable />
        <Select
          label={t('ab.level')}
          data={levels}
          value={rule}
          onChange={(v) => setRule(v ?? '1')}
          allowDeselect={false}
        />
        <Button
          disabled={!target}
          onClick={() =>
            run(() =>
              api('POST', `${base}/shares`, {
                ...(kind === 'user' ? { userId: target } : { groupId: target }),
                rule: Number(rule),
              }),
            )
          }
        >
          {t('ab.share')}
        </Button>
      </Group>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('ab.shareWith')}</Table.Th>
            <Table.Th>{t('ab.level')}</Table.Th>
            <Table.Th>{t('common.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shares.data?.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>
                {s.targetName} ({s.kind === 'user' ? t('ab.shareUser') : t('ab.shareGroup')})
              </Table.Td>
              <Table.Td>
                <Select
                  aria-label={`${t('ab.level')} ${s.targetName}`}
                  data={levels}
                  value={String(s.rule)}
                  allowDeselect={false}
                  onChange={(v) =>
                    v && run(() => api('PATCH', `${base}/shares/${s.id}`, { rule: Number(v) }))
                  }
                />
              </Table.Td>
              <Table.Td>
                <Button
                  size="compact-xs"
                  color="red"
                  variant="light"
                  aria-label={`${t('ab.unshare')} ${s.targetName}`}
                  onClick={() => run(() => api('DELETE', `${base}/shares/${s.id}`))}
                >
                  {t('ab.unshare')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {shares.data?.length === 0 && <Text c="dimmed">{t('ab.noShares')}</Text>}
    </Stack>
  );
}
