import { Alert, Button, Checkbox, Group, Modal, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Strategy } from '../../../shared/strategies.ts';
import { api } from '../../api/client.ts';
import { OptionsEditor, parseFree, splitOptions } from './OptionsEditor.tsx';

/** Create or edit a strategy: name, note, default flag and its client settings. */
export function StrategyForm(props: { strategy: Strategy | undefined; onDone: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const initial = splitOptions(props.strategy?.options ?? {});
  const [name, setName] = useState(props.strategy?.name ?? '');
  const [note, setNote] = useState(props.strategy?.note ?? '');
  const [isDefault, setIsDefault] = useState(props.strategy?.isDefault ?? false);
  const [chosen, setChosen] = useState(initial.chosen);
  const [free, setFree] = useState(initial.free);
  const [freeError, setFreeError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const extra = parseFree(free);
    if (typeof extra === 'number') {
      setFreeError(t('strategy.freeInvalid', { line: extra }));
      return;
    }
    setFreeError(null);
    const body = { name, note, isDefault, options: { ...extra, ...chosen } };
    try {
      if (props.strategy) await api('PATCH', `/api/console/strategies/${props.strategy.id}`, body);
      else await api('POST', '/api/console/strategies', body);
      props.onDone(true);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }

  return (
    <Modal
      opened
      size="xl"
      onClose={() => props.onDone(false)}
      title={props.strategy ? t('strategy.edit') : t('strategy.new')}
    >
      <form onSubmit={submit}>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput
            label={t('strategy.name')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <TextInput label={t('common.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          <Checkbox
            label={t('strategy.default')}
            description={t('strategy.defaultHint')}
            checked={isDefault}
            onChange={(e) => setIsDefault(e.currentTarget.checked)}
          />
          <OptionsEditor
            chosen={chosen}
            onChosen={setChosen}
            free={free}
            onFree={setFree}
            freeError={freeError}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => props.onDone(false)}>
              {t('common.cancel')}
            </Button>
            <Button type="submit">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
