import {
  Alert,
  Button,
  ColorInput,
  ColorSwatch,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookTag } from '../../../shared/address-books.ts';
import { api } from '../../api/client.ts';
import { ConfirmDelete } from '../../components/ConfirmDelete.tsx';
import { useRequiredCheck } from '../../components/required-check.tsx';
import { argbToHex, hexToArgb } from './labels.tsx';

/** A book's tags with their colours (the RustDesk client shows the same colours). */
export function TagsPanel({ bookId, canWrite }: { bookId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const base = `/api/console/address-books/${bookId}`;
  const tags = useQuery({
    queryKey: ['address-books', bookId, 'tags'],
    queryFn: () => api<BookTag[]>('GET', `${base}/tags`),
  });
  const [editing, setEditing] = useState<BookTag | 'new' | null>(null);
  const [deleting, setDeleting] = useState<BookTag | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['address-books', bookId] });
  return (
    <Stack>
      {canWrite && (
        <Group justify="flex-end">
          <Button onClick={() => setEditing('new')}>{t('ab.addTag')}</Button>
        </Group>
      )}
      <Table striped maw={640}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('ab.tagName')}</Table.Th>
            <Table.Th>{t('ab.tagColor')}</Table.Th>
            {canWrite && <Table.Th>{t('common.actions')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tags.data?.map((tag) => (
            <Table.Tr key={tag.name}>
              <Table.Td>{tag.name}</Table.Td>
              <Table.Td>
                <Group gap={6}>
                  <ColorSwatch color={argbToHex(tag.color)} size={18} />
                  <Text size="sm">{argbToHex(tag.color)}</Text>
                </Group>
              </Table.Td>
              {canWrite && (
                <Table.Td>
                  <Group gap={4}>
                    <Button
                      size="compact-xs"
                      variant="default"
                      aria-label={`${t('common.edit')} ${tag.name}`}
                      onClick={() => setEditing(tag)}
                    >
                      {t('common.edit')}
                    </Button>
                    <Button
                      size="compact-xs"
                      color="red"
                      variant="light"
                      aria-label={`${t('common.delete')} ${tag.name}`}
                      onClick={() => setDeleting(tag)}
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
      {tags.data?.length === 0 && <Text c="dimmed">{t('ab.noTags')}</Text>}
      {editing && (
        <TagModal
          base={base}
          tag={editing === 'new' ? undefined : editing}
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
            await api('DELETE', `${base}/tags/${encodeURIComponent(deleting.name)}`);
            setDeleting(null);
            await refresh();
          }}
        />
      )}
    </Stack>
  );
}

function TagModal({ base, tag, onDone }: { base: string; tag: BookTag | undefined; onDone: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(tag?.name ?? '');
  const [color, setColor] = useState(tag ? argbToHex(tag.color) : '#1e88e5');
  const [error, setError] = useState<string | null>(null);
  const required = useRequiredCheck();
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!required.check(e.currentTarget as HTMLFormElement)) return;
    try {
      const argb = hexToArgb(color);
      if (tag) {
        await api('PATCH', `${base}/tags/${encodeURIComponent(tag.name)}`, {
          color: argb,
          ...(name !== tag.name ? { name } : {}),
        });
      } else await api('POST', `${base}/tags`, { name, color: argb });
      onDone();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  return (
    <Modal opened onClose={onDone} title={tag ? t('ab.editTag') : t('ab.addTag')}>
      <form onSubmit={submit} noValidate>
        {required.alert}
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput
            label={t('ab.tagName')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
          />
          <ColorInput label={t('ab.tagColor')} format="hex" value={color} onChange={setColor} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>
              {t('common.cancel')}
            </Button>
            <Button type="submit">{tag ? t('common.save') : t('common.create')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
