import type { IncomingMessage, ServerResponse } from 'node:http';

// Plain HTML pages of the test OP. They carry accessible names that browser tests rely on:
// a text field labelled "Username" (name `login`), a "Sign in" button, a "Sign out" button.

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export function renderPage(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><main>
<h1>${escapeHtml(title)}</h1>
${body}
</main></body>
</html>`;
}

/** The sign-in form; `error` is shown in an alert, as Entra shows AADSTS50034 for an unknown user. */
export function renderLoginPage(action: string, heading: string, error?: string): string {
  const alert = error ? `<p role="alert">${escapeHtml(error)}</p>` : '';
  return renderPage(
    'Sign in to your account',
    `<p>${escapeHtml(heading)}</p>
${alert}
<form method="post" action="${escapeHtml(action)}">
<label for="login">Username</label>
<input id="login" name="login" type="text" autocomplete="username" autofocus required>
<button type="submit">Sign in</button>
</form>`,
  );
}

/** oidc-provider's logout confirmation, given its hidden form (`xsrf` field, id `op.logoutForm`). */
export function renderLogoutPage(form: string): string {
  return renderPage(
    'Sign out',
    `<p>Do you want to sign out?</p>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Sign out</button>
<button type="submit" form="op.logoutForm">Stay signed in</button>`,
  );
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { location, 'content-length': '0' });
  res.end();
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams(await readBody(req));
}
