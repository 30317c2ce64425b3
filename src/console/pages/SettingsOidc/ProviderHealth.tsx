import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { opensToAnyTenant } from '../../../shared/entra-tenants.ts';
import type { Provider } from '../../../shared/sso.ts';

const DAY = 86_400_000;
/** A badge never cut to "E…": its column grows (or the table scrolls) instead. */
export const WHOLE_BADGE = { root: { maxWidth: 'none', flexShrink: 0 }, label: { overflow: 'visible' } };
/** Entra secrets expire; the list (like the dashboard) warns this many days ahead. */
export const SECRET_WARNING_DAYS = 30;

/** What needs the admin's attention on one provider, from its settings alone; "OK" when nothing does. */
export function ProviderHealth({ provider: p, now = Date.now() }: { provider: Provider; now?: number }) {
  const { t, i18n } = useTranslation();
  const badges: { key: string; color: string; label: string; help?: string }[] = [];
  if (p.callbackOrigin === null) {
    badges.push({
      key: 'origin',
      color: 'yellow',
      label: t('oidc.noCallbackOrigin'),
      help: t('oidc.noCallbackOriginHelp'),
    });
  }
  if (opensToAnyTenant(p)) {
    badges.push({
      key: 'tenant',
      color: 'orange',
      label: t('oidc.anyTenantBadge'),
      help: t('oidc.anyTenantBadgeHelp'),
    });
  }
  if (p.clientSecretExpiresAt !== null) {
    const days = (p.clientSecretExpiresAt - now) / DAY;
    const date = new Date(p.clientSecretExpiresAt).toLocaleDateString(i18n.language, { timeZone: 'UTC' });
    if (days <= 0) badges.push({ key: 'secret', color: 'red', label: t('oidc.secretExpired') });
    else if (days <= SECRET_WARNING_DAYS)
      badges.push({ key: 'secret', color: 'orange', label: t('oidc.secretExpiresOn', { date }) });
  }
  if (badges.length === 0) badges.push({ key: 'ok', color: 'green', label: t('oidc.healthOk') });
  return (
    <Group gap={4}>
      {badges.map((b) => (
        <Badge key={b.key} color={b.color} variant="light" title={b.help} styles={WHOLE_BADGE}>
          {b.label}
        </Badge>
      ))}
    </Group>
  );
}
