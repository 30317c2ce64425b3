import { metrics, type SignInChannel, type SignInOutcome } from './metrics.ts';

/**
 * Every sign-in outcome is written to the audit trail (src/audit/audit.ts), so the sign-in counters are derived
 * from the same events: one place, and a new sign-in path that audits itself is counted too.
 */
const SIGN_IN_ACTIONS: Record<string, [SignInOutcome, SignInChannel, 'password' | 'provider']> = {
  'auth.login': ['success', 'console', 'password'],
  'auth.login.failure': ['failure', 'console', 'password'],
  'sso.login.success': ['success', 'console', 'provider'],
  'sso.login.failure': ['failure', 'console', 'provider'],
  'client.login': ['success', 'client', 'password'],
  'client.oidc.login.success': ['success', 'client', 'provider'],
  'client.oidc.login.failure': ['failure', 'client', 'provider'],
};

const DEVICE_LOGIN_ACTIONS = {
  'client.oidc.login.success': 'approved',
  'client.oidc.login.denied': 'denied',
  'client.oidc.login.confirm-refused': 'refused',
} as const;

/** Counts an audited event when it is a sign-in outcome or a device-login decision. */
export function countAuditedEvent(action: string, detail: Record<string, unknown>): void {
  const signIn = SIGN_IN_ACTIONS[action];
  if (signIn) {
    const [outcome, channel, kind] = signIn;
    // `auth.login` also ends an SSO sign-in that needed a local second factor (method 'sso', two-factor.routes.ts).
    const method = typeof detail.method === 'string' ? detail.method : 'password';
    const provider = kind === 'password' ? method : String(detail.provider ?? '');
    metrics.countSignIn(provider, outcome, channel);
  }
  const decision = DEVICE_LOGIN_ACTIONS[action as keyof typeof DEVICE_LOGIN_ACTIONS];
  if (decision) metrics.countDeviceLogin(decision);
}
