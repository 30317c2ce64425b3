import type { Kysely } from 'kysely';
import { findUserById } from '../accounts/users.repo.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { issueLink, LINK_TTL_HOURS, type LinkPurpose } from './links.repo.ts';
import { sendMail } from './mailer.ts';
import { findMailPrefs } from './prefs.repo.ts';
import type { MailConfig } from './settings.repo.ts';
import { passwordLinkMail } from './templates.ts';

/** The console page that sets a password from a link. */
const SET_PASSWORD_PATH = '/set-password';

export const notConfigured = () =>
  new AppError(
    'EMAIL_NOT_CONFIGURED',
    409,
    'Email is not set up on this DeskGate. An administrator can set it up in Settings → Email.',
  );

/** Issues a one-time set-your-password link and mails it in the user's language. */
export async function sendPasswordLink(
  db: Kysely<Database>,
  config: MailConfig,
  userId: string,
  purpose: LinkPurpose,
  origin: string,
): Promise<void> {
  const user = await findUserById(db, userId);
  if (!user?.email) throw new AppError('BAD_REQUEST', 400, 'This user has no email address; add one first.');
  const token = await issueLink(db, user.id, purpose);
  const url = `${origin}${SET_PASSWORD_PATH}?token=${encodeURIComponent(token)}`;
  const { language } = await findMailPrefs(db, user.id);
  await sendMail(config, {
    to: user.email,
    ...passwordLinkMail(language, purpose, user.username, url, LINK_TTL_HOURS[purpose]),
  });
}
