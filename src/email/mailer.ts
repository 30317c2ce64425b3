import type nodemailer from 'nodemailer';
import { AppError } from '../errors.ts';
import { countedCall } from '../metrics/outbound.ts';
import { lazyRequire } from '../system/lazy-module.ts';
import type { MailConfig } from './settings.repo.ts';

const TIMEOUT_MS = 10_000;
// Loaded by the first mail, not at start-up (issue 14: idle RSS).
const loadNodemailer = lazyRequire<typeof nodemailer>('nodemailer');

/** One mail: plain text and HTML of the same words. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * Sends a mail with nodemailer (SMTP is its job). `starttls` refuses a server that does not offer
 * STARTTLS (requireTLS), so a password is never sent in clear by a downgrade; `tls` is implicit TLS.
 */
export async function sendMail(config: MailConfig, mail: Mail): Promise<void> {
  const transport = loadNodemailer().createTransport({
    host: config.host,
    port: config.port,
    secure: config.security === 'tls',
    requireTLS: config.security === 'starttls',
    ignoreTLS: config.security === 'none',
    ...(config.username ? { auth: { user: config.username, pass: config.password } } : {}),
    tls: config.caPem ? { ca: config.caPem } : {},
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  try {
    await countedCall('smtp', () => transport.sendMail({ from: config.fromAddress, ...mail }));
  } catch (err) {
    throw new AppError('EMAIL_FAILED', 502, `The mail could not be sent: ${describeSmtpError(err)}`);
  } finally {
    transport.close();
  }
}

function describeSmtpError(err: unknown): string {
  const e = err as { code?: string; responseCode?: number; message?: string };
  if (e.code === 'EAUTH') return 'the SMTP server refused the user name or password.';
  if (e.code === 'ECONNECTION' || e.code === 'ESOCKET') {
    if (/certificate|self.signed/i.test(e.message ?? ''))
      return "the SMTP server's TLS certificate is not trusted; paste the CA that signed it under Custom CA.";
    return `the SMTP server cannot be reached (${e.message ?? e.code}).`;
  }
  if (e.code === 'ETLS') return 'the SMTP server does not offer STARTTLS; choose TLS or check the port.';
  return `${e.message ?? String(err)}.`;
}
