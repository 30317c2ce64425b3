import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml, readForm, renderLoginPage, renderPage, sendHtml } from './pages.ts';
import { findUserByUsername, type OpState } from './state.ts';
import type { Tenant } from './tenants.ts';
import { LOGIN_TICKET_PARAM } from './types.ts';

/** Entra's wording for AADSTS50034, so browser tests can look for a familiar message. */
export const UNKNOWN_USER_MESSAGE =
  "We couldn't find an account with that username. Try another, or get a new Microsoft account.";

/**
 * The interaction route of a tenant (`interactions.url`): shows the sign-in form, signs the user in, and
 * grants consent without asking (notes §3.6 b).
 */
export async function handleLogin(
  req: IncomingMessage,
  res: ServerResponse,
  tenant: Tenant,
  state: OpState,
  path: string,
): Promise<void> {
  const { provider } = tenant;
  let details: Awaited<ReturnType<typeof provider.interactionDetails>>;
  try {
    details = await provider.interactionDetails(req, res);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return sendHtml(res, 400, renderPage('Sign-in session expired', `<p>${escapeHtml(message)}</p>`));
  }
  const finish = (result: Parameters<typeof provider.interactionFinished>[2]) =>
    provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
  // Consent comes with the login, so no consent screen is ever needed (an admin-consented Entra app).
  const grantEverything = async (accountId: string | undefined) => {
    const grant = new provider.Grant({ clientId: String(details.params.client_id), accountId });
    grant.addOIDCScope(String(details.params.scope ?? 'openid'));
    return { grantId: await grant.save() };
  };
  // Entra's account picker (prompt=select_account) is this same page; answering it resolves the prompt.
  const signIn = async (accountId: string) =>
    finish({ login: { accountId }, consent: await grantEverything(accountId), select_account: {} });

  if (details.prompt.name === 'consent')
    return finish({ consent: await grantEverything(details.session?.accountId) });

  // A user who already chose their account at `/organizations` is not asked again.
  const ticket = details.params[LOGIN_TICKET_PARAM];
  const routed = typeof ticket === 'string' ? state.tickets.get(ticket) : undefined;
  if (typeof ticket === 'string') state.tickets.delete(ticket);
  if (routed?.tenantId === tenant.id) return signIn(routed.accountId);

  const heading = `Tenant ${tenant.id}`;
  if (req.method !== 'POST') return sendHtml(res, 200, renderLoginPage(path, heading));
  const username = (await readForm(req)).get('login') ?? '';
  const user = findUserByUsername(state, tenant.id, username);
  if (!user) return sendHtml(res, 200, renderLoginPage(path, heading, UNKNOWN_USER_MESSAGE));
  return signIn(user.accountId);
}
