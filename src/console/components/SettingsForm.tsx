import { Alert, Group, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { errorText } from '../api/error-text.ts';

/** The banner after Save or Test: green for success, red (an alert) for a refusal or failure. */
export interface Notice {
  ok: boolean;
  text: string;
}

/**
 * A settings page's form state (LDAP, Email): loads the stored settings once into an editable draft,
 * tracks whether the draft differs from what is stored, and runs Save/Test with one busy flag and
 * one banner. `toDraft` turns the server's answer into the draft (e.g. clearing write-only secrets).
 */
export function useSettingsForm<Saved, Draft>(o: {
  queryKey: string;
  path: string;
  toDraft: (saved: Saved) => Draft;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const saved = useQuery({ queryKey: [o.queryKey], queryFn: () => api<Saved>('GET', o.path) });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [stored, setStored] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState(false);
  const { toDraft } = o;
  useEffect(() => {
    if (saved.data && !draft) {
      const first = toDraft(saved.data);
      setDraft(first);
      setStored(JSON.stringify(first));
    }
  }, [saved.data, draft, toDraft]);

  const set = (patch: Partial<Draft>) => setDraft((d) => (d ? { ...d, ...patch } : d));
  /** Runs Save or Test against the current draft; `saves` marks the draft as stored when it succeeds. */
  async function run(action: (draft: Draft) => Promise<Notice>, { saves = false } = {}) {
    if (!draft) return;
    setBusy(true);
    setNotice(null);
    try {
      const result = await action(draft);
      if (saves && result.ok) {
        setStored(JSON.stringify(draft));
        await client.invalidateQueries({ queryKey: [o.queryKey] });
      }
      setNotice(result);
    } catch (err) {
      setNotice({ ok: false, text: errorText(t, err) });
    } finally {
      setBusy(false);
    }
  }
  const dirty = draft !== null && JSON.stringify(draft) !== stored;
  return { draft, set, dirty, busy, notice, run };
}

/** The banner and the Save/Test buttons under a settings form, with a word when there are unsaved changes. */
export function SettingsFormFooter({
  notice,
  dirty,
  children,
}: {
  notice: Notice | null;
  dirty: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      {notice && (
        <Alert color={notice.ok ? 'green' : 'red'} role={notice.ok ? 'status' : 'alert'}>
          {notice.text}
        </Alert>
      )}
      <Group>
        {children}
        {dirty && (
          <Text size="sm" c="dimmed">
            {t('settings.unsaved')}
          </Text>
        )}
      </Group>
    </>
  );
}
