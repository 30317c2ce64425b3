import {
  Alert,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Modal,
  NumberInput,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API_TOKEN_SCOPES, type ApiTokenCreated, type ApiTokenScope } from '../../../shared/automation.ts';
import { api } from '../../api/client.ts';

/** Creates a token, then shows its secret once with a copy button. */
export function CreateTokenDialog({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiTokenScope[]>(['devices:assign']);
  const [days, setDays] = useState<number | string>(90);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      const created = await api<ApiTokenCreated>('POST', '/api/console/api-tokens', {
        name,
        scopes,
        expiresInDays: Number(days),
      });
      setSecret(created.secret);
      onCreated();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  if (secret)
    return (
      <Modal opened onClose={onClose} title={t('tokens.create')}>
        <Stack>
          <Alert color="yellow">{t('tokens.created')}</Alert>
          <Text size="sm" fw={500}>
            {t('tokens.secret')}
          </Text>
          <Code block data-testid="api-token-secret">
            {secret}
          </Code>
          <Group justify="flex-end">
            <CopyButton value={secret}>
              {({ copied, copy }) => (
                <Button variant="light" onClick={copy}>
                  {copied ? t('common.copied') : t('common.copy')}
                </Button>
              )}
            </CopyButton>
            <Button onClick={onClose}>{t('tokens.done')}</Button>
          </Group>
        </Stack>
      </Modal>
    );
  return (
    <Modal opened onClose={onClose} title={t('tokens.create')}>
      <form onSubmit={submit}>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput
            label={t('tokens.name')}
            required
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Checkbox.Group
            label={t('tokens.scopes')}
            value={scopes}
            onChange={(v) => setScopes(v as ApiTokenScope[])}
          >
            <Stack gap={4} mt={4}>
              {API_TOKEN_SCOPES.map((s) => (
                <Checkbox key={s} value={s} label={t(`tokens.scope.${s}`)} />
              ))}
            </Stack>
          </Checkbox.Group>
          <NumberInput label={t('tokens.expiresInDays')} min={1} max={3650} value={days} onChange={setDays} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" disabled={!name.trim() || scopes.length === 0}>
              {t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
