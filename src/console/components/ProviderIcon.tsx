import type { ProviderType } from '../../shared/sso.ts';

/** Brand colour and letter per provider type; Entra gets Microsoft's four squares. No icon package needed. */
const MARKS: Record<Exclude<ProviderType, 'entra'>, { color: string; letter: string }> = {
  oidc: { color: '#495057', letter: 'ID' },
  google: { color: '#4285F4', letter: 'G' },
  okta: { color: '#007DC1', letter: 'O' },
  keycloak: { color: '#4D4D4D', letter: 'K' },
  authentik: { color: '#FD4B2D', letter: 'a' },
  auth0: { color: '#EB5424', letter: 'A' },
  gitlab: { color: '#FC6D26', letter: 'GL' },
  github: { color: '#24292F', letter: 'GH' },
};

/** A small icon for a "Continue with <name>" button, chosen by the provider's type. */
export function ProviderIcon({ type, size = 18 }: { type: ProviderType; size?: number }) {
  if (type === 'entra') {
    return (
      <svg width={size} height={size} viewBox="0 0 22 22" aria-hidden="true" data-provider-icon={type}>
        <rect x="0" y="0" width="10" height="10" fill="#F25022" />
        <rect x="12" y="0" width="10" height="10" fill="#7FBA00" />
        <rect x="0" y="12" width="10" height="10" fill="#00A4EF" />
        <rect x="12" y="12" width="10" height="10" fill="#FFB900" />
      </svg>
    );
  }
  const mark = MARKS[type] ?? MARKS.oidc;
  return (
    <svg width={size} height={size} viewBox="0 0 22 22" aria-hidden="true" data-provider-icon={type}>
      <rect width="22" height="22" rx="5" fill={mark.color} />
      <text
        x="11"
        y="15.5"
        textAnchor="middle"
        fontSize={mark.letter.length > 1 ? 9 : 13}
        fontWeight="700"
        fontFamily="sans-serif"
        fill="#fff"
      >
        {mark.letter}
      </text>
    </svg>
  );
}
