import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { selfSignedCertificate } from './tls-proxy.ts';

// A real SMTP server for the email tests (smtp-server, the Nodemailer project's server): STARTTLS
// under its own self-signed CA, AUTH PLAIN/LOGIN required, every accepted mail parsed with mailparser.

export const SMTP_USER = 'deskgate@example.org';
export const SMTP_PASSWORD = 'smtp-secret-password';

export interface SmtpServer {
  port: number;
  caPem: string;
  mails: ParsedMail[];
  /** The next mail to `to` that arrives (or already arrived and was not taken yet). */
  nextMail(to: string, timeoutMs?: number): Promise<ParsedMail>;
  stop(): Promise<void>;
}

/**
 * `offerStartTls: false` plays a downgrading middlebox: no STARTTLS, and AUTH accepted in clear, so
 * only the client's own refusal keeps the password off the wire.
 */
export async function startSmtpServer({ offerStartTls = true } = {}): Promise<SmtpServer> {
  const tls = selfSignedCertificate('localhost');
  const mails: ParsedMail[] = [];
  const taken = new Set<ParsedMail>();
  const server = new SMTPServer({
    key: tls.key,
    cert: tls.cert,
    authMethods: ['PLAIN', 'LOGIN'],
    // Refuse AUTH before STARTTLS (the default), so a test proves the password only travels encrypted.
    allowInsecureAuth: !offerStartTls,
    disabledCommands: offerStartTls ? [] : ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD)
        callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const recipient = (m: ParsedMail) =>
    (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) =>
      a.value.map((v) => v.address?.toLowerCase()),
    );
  return {
    port,
    caPem: tls.cert,
    mails,
    async nextMail(to, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const mail = mails.find((m) => !taken.has(m) && recipient(m).includes(to.toLowerCase()));
        if (mail) {
          taken.add(mail);
          return mail;
        }
        if (Date.now() > deadline) throw new Error(`no mail to ${to}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
