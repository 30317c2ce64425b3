import { Alert, Anchor, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { AddressBook } from '../../../shared/address-books.ts';
import { api } from '../../api/client.ts';
import { bookName, RuleBadge } from './labels.tsx';
import { PeersPanel } from './PeersPanel.tsx';
import { SharingPanel } from './SharingPanel.tsx';
import { TagsPanel } from './TagsPanel.tsx';

/** One address book: its peers, its tags and (for full control of a shared book) who it is shared with. */
export default function AddressBookPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const books = useQuery({
    queryKey: ['address-books'],
    queryFn: () => api<AddressBook[]>('GET', '/api/console/address-books'),
  });
  if (books.isPending) return <Text c="dimmed">{t('common.loading')}</Text>;
  const book = books.data?.find((b) => b.id === id);
  if (!book)
    return (
      <Alert color="red" role="alert">
        {books.error?.message ?? t('ab.empty')}
      </Alert>
    );
  const canWrite = book.rule >= 2;
  return (
    <Stack>
      <Anchor component={Link} to="/address-books" size="sm">
        {t('ab.back')}
      </Anchor>
      <Group>
        <Title order={1} size="h2">
          {bookName(book, t)}
        </Title>
        <RuleBadge rule={book.rule} />
      </Group>
      {book.note && <Text c="dimmed">{book.note}</Text>}
      {!canWrite && <Alert color="gray">{t('ab.readOnly')}</Alert>}
      <Tabs defaultValue="peers" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="peers">{t('ab.tabPeers')}</Tabs.Tab>
          <Tabs.Tab value="tags">{t('ab.tabTags')}</Tabs.Tab>
          {!book.personal && book.rule === 3 && <Tabs.Tab value="sharing">{t('ab.tabSharing')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="peers" pt="md">
          <PeersPanel bookId={book.id} canWrite={canWrite} />
        </Tabs.Panel>
        <Tabs.Panel value="tags" pt="md">
          <TagsPanel bookId={book.id} canWrite={canWrite} />
        </Tabs.Panel>
        {!book.personal && book.rule === 3 && (
          <Tabs.Panel value="sharing" pt="md">
            <SharingPanel bookId={book.id} ownerId={book.ownerId} />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}
