import { type Static, Type } from '@sinclair/typebox';

const EmailFields = {
  host: Type.String({ maxLength: 255, description: 'SMTP host; empty turns email off.' }),
  port: Type.Integer({ minimum: 1, maximum: 65535 }),
  security: Type.Union([Type.Literal('starttls'), Type.Literal('tls'), Type.Literal('none')], {
    description: 'starttls: upgrade on connect and refuse without it (587); tls: implicit TLS (465).',
  }),
  caPem: Type.String({ maxLength: 20_000, description: 'PEM of a private CA; empty trusts the system CAs.' }),
  username: Type.String({ maxLength: 320 }),
  fromAddress: Type.String({ maxLength: 320 }),
  loginVerificationAll: Type.Boolean({ description: 'Every password sign-in asks for an emailed code.' }),
};

/** The SMTP settings as the console reads them; the password is never sent back. */
export const EmailSettings = Type.Object({
  ...EmailFields,
  passwordSet: Type.Boolean(),
  configured: Type.Boolean(),
  linkOrigin: Type.String({
    description: 'Where links in mails point: the origin the settings were saved from.',
  }),
});
export type EmailSettings = Static<typeof EmailSettings>;

/** The SMTP settings as saved; an omitted password keeps the saved one, an empty one clears it. */
export const EmailSettingsInput = Type.Object(
  { ...EmailFields, password: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);
export type EmailSettingsInput = Static<typeof EmailSettingsInput>;

export const EmailTestRequest = Type.Object(
  { to: Type.String({ format: 'email', maxLength: 320 }) },
  { additionalProperties: false },
);

export const MailLanguage = Type.Union([Type.Literal('en'), Type.Literal('ja')]);
export type MailLanguage = Static<typeof MailLanguage>;

/** A user's mail preferences. */
export const MailPrefs = Type.Object(
  { language: MailLanguage, loginVerification: Type.Boolean() },
  { additionalProperties: false },
);
export type MailPrefs = Static<typeof MailPrefs>;

/** Which email features the login page offers (all false without SMTP). */
export const EmailFeatures = Type.Object({ passwordReset: Type.Boolean() });

export const PasswordResetRequest = Type.Object(
  { email: Type.String({ format: 'email', maxLength: 320 }) },
  { additionalProperties: false },
);

export const SetPasswordRequest = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 200 }),
    newPassword: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
