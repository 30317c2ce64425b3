import type { TrailEntry } from '../../../shared/audit.ts';

/** The subset of i18next's `t` the sentence builder needs (a real `t` in the console and in tests). */
export type Translate = (key: string, values?: Record<string, unknown>) => string;

/** Every trail action the console words as a sentence; others read "<who>: <action> <target>". */
export const WORDED_ACTIONS = [
  'auth.login',
  'auth.login.failure',
  'auth.throttle',
  'auth.2fa.failure',
  'user.create',
  'user.update',
  'user.delete',
  'user.password.reset',
  'user.password.change',
  'user.2fa.enable',
  'user.2fa.disable',
  'user.2fa.reset',
  'user.identity.link',
  'user.identity.unlink',
  'user.client_session.revoke',
  'group.create',
  'group.update',
  'group.delete',
  'group.device-access',
  'device.update',
  'device.delete',
  'device-group.create',
  'device-group.update',
  'device-group.delete',
  'device-group.grants',
  'address-book.create',
  'address-book.update',
  'address-book.delete',
  'address-book.share',
  'address-book.unshare',
  'address-book.peer.add',
  'address-book.peer.update',
  'address-book.peer.delete',
  'address-book.tag.add',
  'address-book.tag.update',
  'address-book.tag.delete',
  'sso.login.success',
  'sso.login.failure',
  'sso.provider.create',
  'sso.provider.update',
  'sso.provider.delete',
  'sso.settings.update',
  'client.login',
  'client.oidc.login.success',
  'client.oidc.login.denied',
  'client.oidc.login.failure',
  'client.oidc.login.confirm-refused',
  'settings.update',
  'audit.prune',
  'device.approve',
  'device.pending',
  'device.preset',
  'device.preregister',
  'device.preregistration.apply',
  'device.preregistration.delete',
  'device.disconnect',
  'device.assign',
  'settings.device-approval',
  'role.create',
  'role.update',
  'role.delete',
  'user.role.change',
  'strategy.create',
  'strategy.update',
  'strategy.delete',
  'strategy.assign',
  'api-token.create',
  'api-token.revoke',
  'api-token.use',
  'api-token.refused',
  'ldap.settings.update',
  'email.settings.update',
  'user.invite',
  'user.invite.accept',
  'user.password.reset-request',
  'user.mail-prefs.update',
  'scim.user.create',
  'scim.user.update',
  'scim.user.delete',
  'scim.group.create',
  'scim.group.update',
  'scim.group.delete',
  'scim.token.rotate',
  'scim.token.revoke',
  'sso.logout.idp',
  'sso.provider.test_sign_in',
] as const;
const WORDED = new Set<string>(WORDED_ACTIONS);

function parse(detail: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(detail);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The word for a strategy assignment's target type. */
const KIND_KEYS: Record<string, string> = {
  user: 'auditSentence.kindUser',
  device: 'auditSentence.kindDevice',
  'device-group': 'auditSentence.kindDeviceGroup',
};

const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/**
 * One trail entry as a sentence in the UI language, with names instead of ids: the names the writer
 * stored at the time of the event first (`detail.names`, `targetName`, `provider`…), else today's
 * names from the page's `names` map, else the id itself.
 */
export function describeEntry(t: Translate, entry: TrailEntry, names: Record<string, string> = {}): string {
  const d = parse(entry.detail);
  const stored = d.names && typeof d.names === 'object' ? (d.names as Record<string, unknown>) : {};
  const nameOf = (id: unknown) => (typeof id === 'string' ? text(stored[id]) || names[id] || id : '');
  const list = (ids: unknown) =>
    Array.isArray(ids) && ids.length > 0 ? ids.map(nameOf).join(', ') : t('auditSentence.nobody');
  const actor =
    entry.actorName === 'system'
      ? t('auditSentence.system')
      : entry.actorName ||
        (entry.action.startsWith('client.') ? t('auditSentence.device') : t('auditSentence.someone'));
  // Address-book item actions write "<book>: <item>" as the target.
  const [book = '', item = ''] = entry.action.match(/^address-book\.(peer|tag)\./)
    ? [
        entry.target.slice(0, entry.target.lastIndexOf(': ')),
        entry.target.slice(entry.target.lastIndexOf(': ') + 2),
      ]
    : [];
  const shareWith = text(d.targetName) || nameOf(d.userId ?? d.groupId);
  // A device is its RustDesk ID, with its host name when one is known ("123456789 (PC-01)").
  const withHostname = (id: string) => {
    const name = nameOf(id);
    return name && name !== id ? `${id} (${name})` : id;
  };
  const onDevice = entry.action.startsWith('device.') && entry.action !== 'device.delete';
  const values: Record<string, unknown> = {
    actor,
    target: (onDevice ? withHostname(entry.target) : entry.target) || '—',
    book,
    item,
    provider: text(d.provider) || nameOf(d.providerId),
    device: withHostname(text(d.device)) || text(d.deviceName),
    hostname: text(d.hostname) || nameOf(entry.target),
    reason: text(d.message) || text(d.reason) || text(d.code),
    days: text(d.days ?? d.retentionDays ?? d.to),
    shareWith,
    shareKind:
      d.kind === 'user' || 'userId' in d ? t('auditSentence.kindUser') : t('auditSentence.kindGroup'),
    rule: typeof d.rule === 'number' ? t(`auditSentence.rule${d.rule}`) : '',
    group: nameOf(d.groupId),
    deviceGroup: nameOf(d.deviceGroupId),
    users: list(d.userIds),
    groups: list(d.groupIds ?? d.targetGroupIds),
    from: text(d.from) || t('auditSentence.noRole'),
    to: text(d.to) || t('auditSentence.noRole'),
    assignee: `${t(KIND_KEYS[text(d.targetType)] ?? 'auditSentence.kindDevice')} ${nameOf(d.targetId)}`,
    strategy: nameOf(d.strategyId),
    request: `${text(d.method)} ${text(d.route)}`.trim(),
  };
  if (entry.action === 'settings.update' && entry.target === 'audit.retentionDays')
    return t('auditSentence.retention', values);
  if (entry.action === 'device.update' && typeof d.deviceGroupId === 'string')
    return t('auditSentence.device.move', values);
  if (entry.action === 'strategy.assign' && !d.strategyId)
    return t('auditSentence.strategy.unassign', values);
  if (!WORDED.has(entry.action)) return t('auditSentence.other', { ...values, action: entry.action });
  return t(`auditSentence.${entry.action}`, values);
}
