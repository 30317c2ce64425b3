import { type Static, Type } from '@sinclair/typebox';
import { TrailEntry } from './audit.ts';

/** The API contract of the console's Dashboard: what an admin looks at every morning. */

const EpochMs = Type.Integer({ minimum: 0, description: 'epoch milliseconds' });
const NullableMs = Type.Union([EpochMs, Type.Null()]);

export const SIGN_IN_OUTCOMES = ['success', 'refused', 'failed'] as const;
export type SignInOutcome = (typeof SIGN_IN_OUTCOMES)[number];

/** Sign-ins through one way in (a provider's name, or "password") in one window, by outcome. */
export const SignInCount = Type.Object({
  provider: Type.String({
    description: 'A sign-in provider name, "password", or "" when the trail names none.',
  }),
  success: Type.Integer(),
  refused: Type.Integer({
    description: 'Turned away by a rule: not allowed, disabled, not registered, denied.',
  }),
  failed: Type.Integer({ description: 'Could not complete: wrong password, identity provider error.' }),
});
export type SignInCount = Static<typeof SignInCount>;

export const ProviderHealth = Type.Object({
  id: Type.String(),
  name: Type.String(),
  enabled: Type.Boolean(),
  lastSuccessAt: NullableMs,
  lastErrorAt: NullableMs,
  lastError: Type.String({ description: 'The last failure as the audit trail recorded it; "" when none.' }),
  clientSecretExpiresAt: NullableMs,
});
export type ProviderHealth = Static<typeof ProviderHealth>;

export const Checklist = Type.Object({
  adminPasswordChanged: Type.Boolean({ description: 'The first "admin" account has changed its password.' }),
  publicUrl: Type.Union([Type.Literal('unset'), Type.Literal('http'), Type.Literal('https')]),
  providerAdded: Type.Boolean(),
  firstDevice: Type.Union([
    Type.Object({ id: Type.String(), hostname: Type.String(), at: EpochMs }),
    Type.Null(),
  ]),
});
export type Checklist = Static<typeof Checklist>;

export const Dashboard = Type.Object({
  devices: Type.Object({
    total: Type.Integer(),
    online: Type.Integer(),
    offline: Type.Integer(),
    /** Present once device approval exists: devices waiting for an administrator. */
    pending: Type.Optional(Type.Integer()),
  }),
  users: Type.Integer(),
  signIns: Type.Object({ last24h: Type.Array(SignInCount), last7d: Type.Array(SignInCount) }),
  providers: Type.Array(ProviderHealth),
  recentActions: Type.Array(TrailEntry),
  checklist: Checklist,
});
export type Dashboard = Static<typeof Dashboard>;
