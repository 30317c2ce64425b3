import { Alert, Button, Group, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditSettings } from '../../../shared/audit.ts';
import { useCan } from '../../api/can.ts';
import { api } from '../../api/client.ts';
import { useRequiredCheck } from '../../components/required-check.tsx';

/** The retention setting (days), saved for every instance in the database. */
export function Retention() {
  const { t } = useTranslation();
  const canManage = useCan('audit', 'manage');
  const client = useQueryClient();
  const settings = useQuery({
    queryKey: ['audit-settings'],
    queryFn: () => api<AuditSettings>('GET', '/api/console/audit/settings'),
  });
  // What the admin typed, else the stored value: copying the stored value into state when it arrived (an effect)
  // overwrote a number typed while the settings were still loading, and Save then stored the old one.
  const [typed, setTyped] = useState<number | string | null>(null);
  const days = typed ?? settings.data?.retentionDays ?? '';
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const required = useRequiredCheck();
  async function save(e: FormEvent) {
    e.preventDefault();
    if (!required.check(e.currentTarget as HTMLFormElement)) return;
    try {
      await api('PUT', '/api/console/audit/settings', { retentionDays: Number(days) });
      setResult({ ok: true, text: t('audit.retentionSaved') });
      await client.invalidateQueries({ queryKey: ['audit-settings'] });
      await client.invalidateQueries({ queryKey: ['audit-trail'] });
    } catch (err) {
      setResult({ ok: false, text: err instanceof Error ? err.message : String(err) });
    }
  }
  return (
    <Paper withBorder p="md" maw={480}>
      <form onSubmit={save} noValidate>
        {required.alert}
        <Stack gap="xs">
          <Title order={4}>{t('audit.retention')}</Title>
          <Text size="sm" c="dimmed">
            {t('audit.retentionHelp')}
          </Text>
          {result && (
            <Alert color={result.ok ? 'green' : 'red'} role="alert">
              {result.text}
            </Alert>
          )}
          <Group align="end">
            <NumberInput
              label={t('audit.retentionDays')}
              value={days}
              onChange={setTyped}
              disabled={settings.isPending}
              min={1}
              max={36500}
              allowDecimal={false}
              required
            />
            {canManage && <Button type="submit">{t('common.save')}</Button>}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
