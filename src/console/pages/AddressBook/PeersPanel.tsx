import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  Pagination,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookPeer, BookPeerPage, BookTag } from '../../../shared/address-books.ts';
import { api } from '../../api/client.ts';
import { ConfirmDelete } from '../../components/ConfirmDelete.tsx';
import { useRequiredCheck } from '../../components/required-check.tsx';
import { argbToHex } from './labels.tsx';

const PAGE_SIZE = 50;

/** A book's peers: search, page, add, edit (alias, tags, note), remove. Saved passwords only show as "Saved". */
export function PeersPanel({ bookId, canWrite }: { bookId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState('');
  const base = `/api/console/address-books/${bookId}`;
  const peers = useQuery({
    queryKey: ['address-books', bookId, 'peers', page, search],
    queryFn: () =>
      api<BookPeerPage>(
        'GET',
        `${base}/peers?page=${page}&pageSize=${PAGE_SIZE}${search ? `&search=${encodeURIComponent(search)}` : ''}`,
      ),
  });
  const tags = useQuery({
    queryKey: ['address-books', bookId, 'tags'],
    queryFn: () => api<BookTag[]>('GET', `${base}/tags`),
  });
  const colorOf = (name: string) => tags.data?.find((x) => x.name === name)?.color;
  const [editing, setEditing] = useState<BookPeer | 'new' | null>(null);
  const [deleting, setDeleting] = useState<BookPeer | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['address-books', bookId] });
  return (
    <Stack>
      <Group justify="space-between">
        <TextInput
          placeholder={t('common.search')}
          aria-label={t('common.search')}
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            setPage(1);
          }}
        />
        {canWrite && <Button onClick={() => setEditing('new')}>{t('ab.addPeer')}</Button>}
      </Group>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('ab.peerId')}</Table.Th>
            <Table.Th>{t('ab.alias')}</Table.Th>
            <Table.Th>{t('ab.hostname')}</Table.Th>
            <Table.Th>{t('ab.tags')}</Table.Th>
            <Table.Th>{t('common.note')}</Table.Th>
            <Table.Th title={t('ab.passwordHelp')}>{t('ab.password')}</Table.Th>
            {canWrite && <Table.Th>{t('common.actions')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {peers.data?.items.map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>{p.id}</Table.Td>
              <Table.Td>{p.alias}</Table.Td>
              <Table.Td>{p.hostname}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {p.tags.map((tag) => {
                    const color = colorOf(tag);
                    return (
                      <Badge key={tag} color={color === undefined ? 'gray' : argbToHex(color)} autoContrast>
                        {tag}
                      </Badge>
                    );
                  })}
                </Group>
              </Table.Td>
              <Table.Td>{p.note}</Table.Td>
              <Table.Td>{p.hasPassword ? t('ab.passwordSet') : ''}</Table.Td>
              {canWrite && (
                <Table.Td>
                  <Group gap={4}>
                    <Button
                      size="compact-xs"
                      variant="default"
                      aria-label={`${t('common.edit')} ${p.id}`}
                      onClick={() => setEditing(p)}
                    >
                      {t('common.edit')}
                    </Button>
                    <Button
                      size="compact-xs"
                      color="red"
                      variant="light"
                      aria-label={`${t('common.delete')} ${p.id}`}
                      onClick={() => setDeleting(p)}
                    >
                      {t('common.delete')}
                    </Button>
                  </Group>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {peers.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
      {peers.data?.total === 0 && <Text c="dimmed">{t('ab.noPeers')}</Text>}
      {(peers.data?.total ?? 0) > PAGE_SIZE && (
        <Pagination total={Math.ceil((peers.data?.total ?? 0) / PAGE_SIZE)} value={page} onChange={setPage} />
      )}
      {editing && (
        <PeerModal
          base={base}
          peer={editing === 'new' ? undefined : editing}
          tagNames={tags.data?.map((x) => x.name) ?? []}
          onDone={() => {
            setEditing(null);
            void refresh();
          }}
        />
      )}
      {deleting && (
        <ConfirmDelete
          name={deleting.alias || deleting.id}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api('DELETE', `${base}/peers/${encodeURIComponent(deleting.id)}`);
            setDeleting(null);
            await refresh();
          }}
        />
      )}
    </Stack>
  );
}

function PeerModal({
  base,
  peer,
  tagNames,
  onDone,
}: {
  base: string;
  peer: BookPeer | undefined;
  tagNames: string[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [id, setId] = useState(peer?.id ?? '');
  const [alias, setAlias] = useState(peer?.alias ?? '');
  const [tags, setTags] = useState<string[]>(peer?.tags ?? []);
  const [note, setNote] = useState(peer?.note ?? '');
  const [error, setError] = useState<string | null>(null);
  const required = useRequiredCheck();
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!required.check(e.currentTarget as HTMLFormElement)) return;
    try {
      if (peer) await api('PATCH', `${base}/peers/${encodeURIComponent(peer.id)}`, { alias, tags, note });
      else await api('POST', `${base}/peers`, { id: id.trim(), alias, tags, note });
      onDone();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  return (
    <Modal opened onClose={onDone} title={peer ? t('ab.editPeer') : t('ab.addPeer')}>
      <form onSubmit={submit} noValidate>
        {required.alert}
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput
            label={t('ab.peerId')}
            value={id}
            onChange={(e) => setId(e.currentTarget.value)}
            disabled={peer !== undefined}
            required
          />
          <TextInput label={t('ab.alias')} value={alias} onChange={(e) => setAlias(e.currentTarget.value)} />
          <MultiSelect
            label={t('ab.tags')}
            data={[...new Set([...tagNames, ...tags])]}
            value={tags}
            onChange={setTags}
            searchable
          />
          <Textarea label={t('common.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>
              {t('common.cancel')}
            </Button>
            <Button type="submit">{peer ? t('common.save') : t('common.create')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
