import { Alert, Box, Button, Group, List, Paper, Stack, Title } from '@mantine/core';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Provider, ProviderCreate, ProviderTestResult } from '../../../shared/sso.ts';
import { api } from '../../api/client.ts';
import { errorText } from '../../api/error-text.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ProviderAccess } from './ProviderAccess.tsx';
import { ProviderAdvanced } from './ProviderAdvanced.tsx';
import { ProviderConnection } from './ProviderConnection.tsx';
import { ProviderDirectorySync } from './ProviderDirectorySync.tsx';
import {
  draftOf,
  FIELD_ORDER,
  type ProviderDraft,
  type SetDraft,
  toRequestBody,
  validateDraft,
  withAnyEntraTenant,
  withType,
} from './provider-draft.ts';

const ADVANCED_FIELDS = new Set<keyof ProviderDraft>([
  'authorizationEndpoint',
  'tokenEndpoint',
  'userinfoEndpoint',
  'jwksUri',
  'scopes',
  'caCertificate',
]);

type Asking = 'discard' | 'saveAfterFailedTest' | null;

/**
 * The provider editor: Connection, Who gets in and Advanced, with a sticky footer. Save with errors focuses
 * the first invalid field; Escape (or Cancel) with unsaved edits asks first; so does Save after a failed Test.
 */
export function ProviderForm({
  provider,
  title,
  onSubmit,
  onCancel,
}: {
  provider?: Provider;
  title: string;
  onSubmit: (body: ProviderCreate) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const initial = useRef(draftOf(provider));
  const [v, setV] = useState<ProviderDraft>(initial.current);
  const [shown, setShown] = useState(false);
  const [advanced, setAdvanced] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const [test, setTest] = useState<ProviderTestResult | null>(null);
  const [asking, setAsking] = useState<Asking>(null);
  const [focus, setFocus] = useState<{ key: keyof ProviderDraft } | null>(null);
  const errors = shown ? validateDraft(v) : {};
  const invalid = FIELD_ORDER.filter((k) => errors[k]);
  const dirty = JSON.stringify(v) !== JSON.stringify(initial.current);
  const set: SetDraft = (k, value) => setV((o) => ({ ...o, [k]: value }));

  // Focus after the render that opened Advanced, so a hidden field can take it.
  useEffect(() => {
    if (!focus) return;
    const el = document.getElementById(`provider-${focus.key}`);
    el?.scrollIntoView({ block: 'center' });
    el?.focus();
  }, [focus]);

  // A field scrolled to (by Tab or by Save) stops above the sticky footer, not under it.
  useEffect(() => {
    document.documentElement.style.scrollPaddingBottom = '88px';
    return () => {
      document.documentElement.style.scrollPaddingBottom = '';
    };
  }, []);

  const leave = () => (dirty ? setAsking('discard') : onCancel());
  const leaveRef = useRef(leave);
  leaveRef.current = leave;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // A dropdown, menu or dialog open on the page closes itself first.
      if (e.key !== 'Escape') return;
      const open = document.querySelectorAll('[role="listbox"], [role="dialog"], [role="menu"]');
      if ([...open].some((el) => (el as HTMLElement).offsetParent !== null)) return;
      leaveRef.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  async function runTest() {
    setTest(null);
    try {
      setTest(
        await api<ProviderTestResult>('POST', '/api/console/sso/providers/test', {
          issuer: v.issuer.trim(),
          clientId: v.clientId.trim(),
          allowInsecureHttp: v.allowInsecureHttp,
          caCertificate: v.caCertificate.trim(),
        }),
      );
    } catch (err) {
      setServerError(errorText(t, err));
    }
  }
  async function save() {
    setAsking(null);
    try {
      await onSubmit(toRequestBody(v));
    } catch (err) {
      setServerError(errorText(t, err));
      window.scrollTo({ top: 0 });
    }
  }
  function submit(e: FormEvent) {
    e.preventDefault();
    setServerError(null);
    setShown(true);
    // Only valid values leave the form; the server checks again and its sentence shows above.
    const first = FIELD_ORDER.find((k) => validateDraft(v)[k]);
    if (first) {
      if (ADVANCED_FIELDS.has(first)) setAdvanced(true);
      return setFocus({ key: first });
    }
    if (test && !test.ok) return setAsking('saveAfterFailedTest');
    void save();
  }
  return (
    <form onSubmit={submit} noValidate aria-label={title}>
      <Stack pb={96}>
        {invalid.length > 0 && (
          <Alert color="red" role="alert">
            {t('oidc.errorForm')}
          </Alert>
        )}
        {serverError && (
          <Alert color="red" role="alert">
            {serverError}
          </Alert>
        )}
        <Section title={t('oidc.sectionConnection')}>
          <ProviderConnection
            v={v}
            set={set}
            setType={(type) => setV((o) => withType(o, type))}
            errors={errors}
            hasClientSecret={provider?.hasClientSecret ?? false}
          />
        </Section>
        <Section title={t('oidc.access')}>
          <ProviderAccess v={v} set={set} setAnyTenant={(c) => setV((o) => withAnyEntraTenant(o, c))} />
        </Section>
        <Paper withBorder p="md">
          <Button
            variant="subtle"
            px={0}
            onClick={() => setAdvanced((o) => !o)}
            aria-expanded={advanced}
            {...(advanced ? { 'aria-controls': 'provider-advanced' } : {})}
          >
            {t('oidc.advanced')}
          </Button>
          {/* Not animated: Save must be able to focus a field in it at once. */}
          {advanced && (
            <Box pt="sm" id="provider-advanced">
              <ProviderAdvanced v={v} set={set} errors={errors} />
            </Box>
          )}
        </Paper>
        {provider && <ProviderDirectorySync providerId={provider.id} />}
        {test && (
          <Alert color={test.ok ? 'green' : 'red'} role="status" title={t('oidc.testResult')}>
            <List size="sm">
              {test.checks.map((c) => (
                <List.Item key={c.id}>{`${c.ok ? '✓' : '✗'} ${c.message}`}</List.Item>
              ))}
            </List>
          </Alert>
        )}
      </Stack>
      <Paper
        withBorder
        p="sm"
        shadow="sm"
        style={{ position: 'sticky', bottom: 0, zIndex: 5 }}
        data-testid="provider-footer"
      >
        <Group justify="flex-end" gap="xs">
          <Button variant="light" onClick={runTest} disabled={!v.issuer}>
            {t('oidc.test')}
          </Button>
          <Button variant="default" onClick={leave}>
            {t('common.cancel')}
          </Button>
          <Button type="submit">{t('common.save')}</Button>
        </Group>
      </Paper>
      {asking === 'discard' && (
        <ConfirmDialog
          title={t('oidc.discardTitle')}
          message={t('oidc.discardMessage')}
          confirmLabel={t('oidc.discard')}
          onConfirm={onCancel}
          onClose={() => setAsking(null)}
        />
      )}
      {asking === 'saveAfterFailedTest' && (
        <ConfirmDialog
          title={t('oidc.saveAfterFailedTestTitle')}
          message={t('oidc.saveAfterFailedTestMessage')}
          confirmLabel={t('oidc.saveAnyway')}
          onConfirm={() => void save()}
          onClose={() => setAsking(null)}
        />
      )}
    </form>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h4" mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}
