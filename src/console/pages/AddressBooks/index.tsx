import { Badge, Group, Stack } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AddressBook } from '../../../shared/address-books.ts';
import { api } from '../../api/client.ts';
import { ConfirmDelete } from '../../components/ConfirmDelete.tsx';
import { useClientList } from '../../components/client-list.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ListHeader } from '../../components/ListHeader.tsx';
import { NameNoteModal } from '../../components/NameNoteModal.tsx';
import { bookName, RuleBadge } from '../AddressBook/labels.tsx';

const BOOK_SORT = {
  name: (b: AddressBook) => b.name.toLocaleLowerCase(),
  owner: (b: AddressBook) => b.ownerName.toLocaleLowerCase(),
  rule: (b: AddressBook) => b.rule,
};

/** The signed-in user's books: their personal one first, then the shared ones they may see. */
export default function AddressBooksPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const books = useQuery({
    queryKey: ['address-books'],
    queryFn: () => api<AddressBook[]>('GET', '/api/console/address-books'),
  });
  const [editing, setEditing] = useState<AddressBook | 'new' | null>(null);
  const [deleting, setDeleting] = useState<AddressBook | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['address-books'] });
  // The server's order (personal first) until a column is chosen.
  const list = useClientList(books.data, {
    text: (b) => `${bookName(b, t)} ${b.ownerName} ${b.note}`,
    sortValues: BOOK_SORT,
  });
  const columns: Column<AddressBook>[] = [
    {
      key: 'name',
      header: t('ab.name'),
      sortable: true,
      render: (b) => (
        <Group gap={6} wrap="wrap">
          <Link to={`/address-books/${b.id}`}>{bookName(b, t)}</Link>
          <Badge variant="light" color={b.personal ? 'gray' : 'blue'}>
            {b.personal ? t('ab.personalBadge') : t('ab.sharedBadge')}
          </Badge>
        </Group>
      ),
    },
    { key: 'owner', header: t('ab.owner'), sortable: true, render: (b) => b.ownerName },
    { key: 'rule', header: t('ab.access'), sortable: true, render: (b) => <RuleBadge rule={b.rule} /> },
    { key: 'note', header: t('common.note'), render: (b) => b.note },
  ];
  return (
    <Stack>
      <ListHeader
        title={t('ab.title')}
        create={{ label: t('ab.new'), onClick: () => setEditing('new') }}
        error={books.error}
      />
      <DataTable
        label={t('ab.title')}
        {...list}
        rowKey={(b) => b.id}
        rowName={(b) => bookName(b, t)}
        columns={columns}
        empty={t('ab.empty')}
        loading={books.isPending}
        actions={(b) =>
          !b.personal && b.rule === 3
            ? [
                { label: t('common.edit'), onClick: () => setEditing(b) },
                { label: t('common.delete'), onClick: () => setDeleting(b), color: 'red' },
              ]
            : []
        }
      />
      {editing && (
        <NameNoteModal
          item={editing === 'new' ? undefined : editing}
          collection="/api/console/address-books"
          titles={{ new: t('ab.new'), edit: t('ab.edit') }}
          nameLabel={t('ab.name')}
          onDone={() => {
            setEditing(null);
            void refresh();
          }}
        />
      )}
      {deleting && (
        <ConfirmDelete
          name={deleting.name}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api('DELETE', `/api/console/address-books/${deleting.id}`);
            setDeleting(null);
            await refresh();
          }}
        />
      )}
    </Stack>
  );
}
