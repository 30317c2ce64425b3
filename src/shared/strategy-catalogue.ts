/**
 * The RustDesk client options a strategy can set, typed, with the client's defaults.
 *
 * Source: rustdesk/hbb_common `src/config.rs` (commit c2d8a6d, 2026-08-19): the keys of `keys::KEYS_SETTINGS` —
 * the options `Config::set_options` stores, which is what `handle_config_options` in rustdesk
 * `src/hbbs_http/sync.rs` writes a heartbeat's `strategy.config_options` into. Booleans are "Y"/"N"; their
 * default follows `config::option2bool` (`enable-*` on unless "N", `allow-*` and `direct-server` off unless
 * "Y"). Grouped as the client's Settings pages group them. Help texts are in the console's i18n
 * (`strategy.help.<key>`), English and Japanese.
 */
export type OptionType = 'bool' | 'enum' | 'text' | 'number';
export type OptionGroup = 'security' | 'permissions' | 'network' | 'display' | 'recording';

export interface CatalogueOption {
  key: string;
  group: OptionGroup;
  type: OptionType;
  /** The client's value when the option is not set. */
  default: string;
  /** enum only: the values the client understands ('' = the client's default choice). */
  values?: readonly string[];
}

const bool = (key: string, group: OptionGroup, on: boolean): CatalogueOption => ({
  key,
  group,
  type: 'bool',
  default: on ? 'Y' : 'N',
});
const text = (
  key: string,
  group: OptionGroup,
  type: 'text' | 'number' = 'text',
  dflt = '',
): CatalogueOption => ({
  key,
  group,
  type,
  default: dflt,
});

export const OPTION_GROUPS: readonly OptionGroup[] = [
  'security',
  'permissions',
  'network',
  'display',
  'recording',
];

export const STRATEGY_CATALOGUE: readonly CatalogueOption[] = [
  // Settings → Security
  { key: 'access-mode', group: 'security', type: 'enum', default: '', values: ['', 'full', 'view'] },
  { key: 'approve-mode', group: 'security', type: 'enum', default: '', values: ['', 'password', 'click'] },
  {
    key: 'verification-method',
    group: 'security',
    type: 'enum',
    default: '',
    values: ['', 'use-temporary-password', 'use-permanent-password'],
  },
  {
    key: 'temporary-password-length',
    group: 'security',
    type: 'enum',
    default: '6',
    values: ['6', '8', '10'],
  },
  bool('allow-numeric-one-time-password', 'security', false),
  bool('enable-trusted-devices', 'security', true),
  text('whitelist', 'security'),
  bool('allow-only-conn-window-open', 'security', false),
  bool('allow-auto-disconnect', 'security', false),
  text('auto-disconnect-timeout', 'security', 'number', '10'),
  bool('allow-remote-config-modification', 'security', false),
  bool('allow-scope-violation-close', 'security', false),
  bool('allow-scope-violation-alarm', 'security', false),
  bool('keep-awake-during-incoming-sessions', 'security', true),
  bool('allow-auto-update', 'security', false),
  // Settings → Security → Permissions
  bool('enable-keyboard', 'permissions', true),
  bool('enable-clipboard', 'permissions', true),
  bool('enable-file-transfer', 'permissions', true),
  bool('enable-camera', 'permissions', true),
  bool('enable-terminal', 'permissions', true),
  bool('enable-remote-printer', 'permissions', true),
  bool('enable-audio', 'permissions', true),
  bool('enable-tunnel', 'permissions', true),
  bool('enable-remote-restart', 'permissions', true),
  bool('enable-record-session', 'permissions', true),
  bool('enable-block-input', 'permissions', true),
  bool('enable-privacy-mode', 'permissions', true),
  // Settings → Network
  text('custom-rendezvous-server', 'network'),
  text('relay-server', 'network'),
  text('api-server', 'network'),
  text('key', 'network'),
  text('ice-servers', 'network'),
  bool('enable-lan-discovery', 'network', true),
  bool('direct-server', 'network', false),
  text('direct-access-port', 'network', 'number', '21118'),
  bool('allow-websocket', 'network', false),
  bool('disable-udp', 'network', false),
  bool('allow-insecure-tls-fallback', 'network', false),
  text('proxy-url', 'network'),
  text('proxy-username', 'network'),
  // Settings → Display / video
  bool('enable-abr', 'display', true),
  bool('enable-hwcodec', 'display', true),
  bool('enable-directx-capture', 'display', true),
  bool('allow-remove-wallpaper', 'display', false),
  bool('allow-always-software-render', 'display', false),
  bool('enable-android-software-encoding-half-scale', 'display', true),
  // Settings → Audio and recording
  bool('allow-auto-record-incoming', 'recording', false),
  text('windows-service-video-save-directory', 'recording'),
];

const BY_KEY = new Map(STRATEGY_CATALOGUE.map((o) => [o.key, o]));

/** The catalogue entry of a key, if the catalogue knows it (other keys are free `key=value`). */
export function findCatalogueOption(key: string): CatalogueOption | undefined {
  return BY_KEY.get(key);
}

/** Why a value does not fit its catalogue type, or undefined when it does (or the key is free). */
export function checkOptionValue(key: string, value: string): string | undefined {
  const option = BY_KEY.get(key);
  if (!option) return undefined;
  if (option.type === 'bool' && value !== 'Y' && value !== 'N')
    return `Option ${key} is a yes/no option: use "Y" or "N".`;
  if (option.type === 'enum' && !option.values?.includes(value))
    return `Option ${key} accepts ${option.values?.map((v) => `"${v}"`).join(', ')}.`;
  if (option.type === 'number' && !/^\d{1,9}$/.test(value)) return `Option ${key} must be a whole number.`;
  return undefined;
}
