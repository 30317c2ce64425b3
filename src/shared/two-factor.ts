import { type Static, Type } from '@sinclair/typebox';
import { SessionInfo } from './accounts.ts';

/** A code as typed: 6 TOTP digits or a backup code like `k3hx-9tpa` (spaces and dashes allowed). */
export const SecondFactorCode = Type.String({ minLength: 6, maxLength: 20, pattern: '^[A-Za-z0-9 -]+$' });

export const TwoFactorStatus = Type.Object({
  enabled: Type.Boolean(),
  backupCodesLeft: Type.Integer(),
});
export type TwoFactorStatus = Static<typeof TwoFactorStatus>;

/** Shown once when enrolment starts: the seed as text (for typing), the URI and its QR code. */
export const TwoFactorEnrolment = Type.Object({
  secret: Type.String(),
  otpauthUri: Type.String(),
  qrCode: Type.String({ description: 'data: URL of a PNG' }),
});
export type TwoFactorEnrolment = Static<typeof TwoFactorEnrolment>;

export const TwoFactorConfirm = Type.Object({ code: SecondFactorCode }, { additionalProperties: false });

export const BackupCodes = Type.Object({ backupCodes: Type.Array(Type.String()) });
export type BackupCodes = Static<typeof BackupCodes>;

/** Turning 2FA off needs a current code or the password, so a borrowed session cannot. */
export const TwoFactorDisable = Type.Object(
  {
    code: Type.Optional(SecondFactorCode),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
  },
  { additionalProperties: false },
);

/** The password (or SSO) step succeeded; the session starts after the code. */
export const SecondFactorRequired = Type.Object({
  secondFactor: Type.Object({
    challenge: Type.String(),
    expiresAt: Type.Integer(),
    /** 'email': the code was sent by mail; absent: the authenticator app's. */
    method: Type.Optional(Type.Literal('email')),
  }),
});
export type SecondFactorRequired = Static<typeof SecondFactorRequired>;

export const SecondFactorAnswer = Type.Object(
  { challenge: Type.String({ minLength: 1, maxLength: 200 }), code: SecondFactorCode },
  { additionalProperties: false },
);
export type SecondFactorAnswer = Static<typeof SecondFactorAnswer>;

/** The session after a completed second step, and where the console goes next. */
export const SecondFactorDone = Type.Composite([SessionInfo, Type.Object({ returnTo: Type.String() })]);
export type SecondFactorDone = Static<typeof SecondFactorDone>;
