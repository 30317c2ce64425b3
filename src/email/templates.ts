import type { MailLanguage } from '../shared/email.ts';

/** Words of a mail before it gets its text and HTML form. */
interface Words {
  subject: string;
  lines: string[];
  /** A button (HTML) / a line with the address (text). */
  link?: { label: string; url: string };
  footer: string;
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

function render(words: Words) {
  const text = [
    ...words.lines,
    ...(words.link ? [`${words.link.label}: ${words.link.url}`] : []),
    '',
    words.footer,
  ].join('\n\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">',
    ...words.lines.map((l) => `<p>${escapeHtml(l)}</p>`),
    words.link
      ? `<p><a href="${escapeHtml(words.link.url)}" style="display:inline-block;padding:8px 16px;background:#228be6;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(words.link.label)}</a></p><p style="font-size:12px;color:#666">${escapeHtml(words.link.url)}</p>`
      : '',
    `<p style="font-size:12px;color:#666">${escapeHtml(words.footer)}</p>`,
    '</body></html>',
  ].join('');
  return { subject: words.subject, text, html };
}

const footer = {
  en: 'This mail was sent by DeskGate. If you did not expect it, you can ignore it.',
  ja: 'このメールは DeskGate から送信されました。心当たりがない場合は破棄してください。',
};

/** Settings → Email → Send test email. */
export function testMail(lang: MailLanguage) {
  return render(
    lang === 'ja'
      ? {
          subject: 'DeskGate テストメール',
          lines: ['DeskGate からのテストメールです。メールの設定は正しく動作しています。'],
          footer: footer.ja,
        }
      : {
          subject: 'DeskGate test email',
          lines: ['This is a test email from DeskGate. Email is set up correctly.'],
          footer: footer.en,
        },
  );
}

/** The 6-digit code of an email login verification. */
export function loginCodeMail(lang: MailLanguage, username: string, code: string) {
  return render(
    lang === 'ja'
      ? {
          subject: `DeskGate 確認コード: ${code}`,
          lines: [
            `${username} さんのサインインを完了するには、次の確認コードを入力してください。`,
            code,
            'このコードの有効期限は 10 分間で、1 回だけ使用できます。',
          ],
          footer: footer.ja,
        }
      : {
          subject: `DeskGate verification code: ${code}`,
          lines: [
            `To finish signing in as ${username}, enter this verification code.`,
            code,
            'The code works once and expires in 10 minutes.',
          ],
          footer: footer.en,
        },
  );
}

/** A set-your-password link: an invitation or a password reset. */
export function passwordLinkMail(
  lang: MailLanguage,
  purpose: 'invite' | 'reset',
  username: string,
  url: string,
  hours: number,
) {
  if (lang === 'ja') {
    return render(
      purpose === 'invite'
        ? {
            subject: 'DeskGate への招待',
            lines: [
              `DeskGate のアカウント ${username} が作成されました。次のリンクからパスワードを設定してください。`,
              `リンクの有効期限は ${hours} 時間で、1 回だけ使用できます。`,
            ],
            link: { label: 'パスワードを設定', url },
            footer: footer.ja,
          }
        : {
            subject: 'DeskGate パスワードのリセット',
            lines: [
              `アカウント ${username} のパスワードのリセットが要求されました。次のリンクから新しいパスワードを設定してください。`,
              `リンクの有効期限は ${hours} 時間で、1 回だけ使用できます。`,
            ],
            link: { label: 'パスワードをリセット', url },
            footer: footer.ja,
          },
    );
  }
  return render(
    purpose === 'invite'
      ? {
          subject: 'You are invited to DeskGate',
          lines: [
            `A DeskGate account ${username} was created for you. Set your password with the link below.`,
            `The link works once and expires in ${hours} hours.`,
          ],
          link: { label: 'Set your password', url },
          footer: footer.en,
        }
      : {
          subject: 'Reset your DeskGate password',
          lines: [
            `Someone asked to reset the password of ${username}. Choose a new password with the link below.`,
            `The link works once and expires in ${hours} hours.`,
          ],
          link: { label: 'Reset your password', url },
          footer: footer.en,
        },
  );
}
