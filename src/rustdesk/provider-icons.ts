import type { ProviderType } from '../shared/sso.ts';

// Icons for the client's "Continue with …" buttons (spec §3.1): raw SVG markup, drawn with
// SvgPicture.string, so only plain shapes (no <text>, CSS or external references).

/** Names the client has its own icon for (login.dart kOpSvgList, matched lower-cased). */
const CLIENT_BUILT_IN = [
  'github',
  'gitlab',
  'google',
  'apple',
  'okta',
  'facebook',
  'azure',
  'auth0',
  'microsoft',
];

const MICROSOFT =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 23 23"><path fill="#f25022" d="M1 1h10v10H1z"/><path fill="#7fba00" d="M12 1h10v10H12z"/><path fill="#00a4ef" d="M1 12h10v10H1z"/><path fill="#ffb900" d="M12 12h10v10H12z"/></svg>';

/** A neutral "person with a key" badge in the vendor's colour, for providers without a client icon. */
const badge = (colour: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect width="24" height="24" rx="5" fill="${colour}"/><circle cx="12" cy="9" r="4" fill="#fff"/><path fill="#fff" d="M4 21c0-4.4 3.6-7 8-7s8 2.6 8 7z"/></svg>`;

const BY_TYPE: Record<ProviderType, string> = {
  entra: MICROSOFT,
  google: badge('#4285f4'),
  okta: badge('#007dc1'),
  keycloak: badge('#4d4d4d'),
  authentik: badge('#fd4b2d'),
  auth0: badge('#eb5424'),
  gitlab: badge('#fc6d26'),
  github: badge('#24292f'),
  oidc: badge('#5c7cfa'),
};

/**
 * The icon to send for a provider, by its type — or none when the client already has a better one for
 * the name (an icon, when present, replaces the client's own asset).
 */
export function iconFor(name: string, type: string): string | undefined {
  if (CLIENT_BUILT_IN.includes(name.toLowerCase())) return undefined;
  return BY_TYPE[type as ProviderType] ?? BY_TYPE.oidc;
}
