import { Alert, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AddressBook } from '../../../shared/address-books.ts';
import { api } from '../../api/client.ts';
import { ConfirmDelete } from '../../components/ConfirmDelete.tsx';
import { NameNoteModal } from '../../components/NameNoteModal.tsx';
import { bookName, RuleBadge } from '../AddressBook/labels.tsx';

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
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('ab.title')}
        </Title>
        <Button onClick={() => setEditing('new')}>{t('ab.new')}</Button>
      </Group>
      {books.error && (
        <Alert color="red" role="alert">
          {books.error.message}
        </Alert>
      )}
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('ab.name')}</Table.Th>
            <Table.Th>{t('ab.owner')}</Table.Th>
            <Table.Th>{t('ab.access')}</Table.Th>
            <Table.Th>{t('common.note')}</Table.Th>
            <Table.Th>{t('common.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {books.data?.map((b) => (
            <Table.Tr key={b.id}>
              <Table.Td>
                <Group gap={6}>
                  <Link to={`/address-books/${b.id}`}>{bookName(b, t)}</Link>
                  <Badge variant="light" color={b.personal ? 'gray' : 'blue'}>
                    {b.personal ? t('ab.personalBadge') : t('ab.sharedBadge')}
                  </Badge>
                </Group>
              </Table.Td>
              <Table.Td>{b.ownerName}</Table.Td>
              <Table.Td>
                <RuleBadge rule={b.rule} />
              </Table.Td>
              <Table.Td>{b.note}</Table.Td>
              <Table.Td>
                {!b.personal && b.rule === 3 && (
                  <Group gap={4}>
                    <Button
                      size="compact-xs"
                      variant="default"
                      aria-label={`${t('common.edit')} ${b.name}`}
                      onClick={() => setEditing(b)}
                    >
                      {t('common.edit')}
                    </Button>
                    <Button
                      size="compact-xs"
                      color="red"
                      variant="light"
                      aria-label={`${t('common.delete')} ${b.name}`}
                      onClick={() => setDeleting(b)}
                    >
                      {t('common.delete')}
                    </Button>
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {books.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
      {books.data?.length === 0 && <Text c="dimmed">{t('ab.empty')}</Text>}
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
