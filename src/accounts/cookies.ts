import type { FastifyReply, FastifyRequest } from 'fastify';
import { isSecureRequest } from '../http/origin.ts';
import { createSession, type NewSession, SESSION_COOKIE, type SessionOrigin } from './sessions.ts';

/** HttpOnly + SameSite=Lax; Secure whenever the console is reached over HTTPS. */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  expiresAt: number,
): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecureRequest(request, request.server.config.publicUrl),
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecureRequest(request, request.server.config.publicUrl),
  });
}

/** Starts a console session for a user who just proved who they are, and sets its cookie. */
export async function beginConsoleSession(
  request: FastifyRequest,
  reply: FastifyReply,
  userId: string,
  sso?: SessionOrigin,
): Promise<NewSession> {
  const session = await createSession(
    request.server.db.kysely,
    userId,
    { ip: request.ip, userAgent: request.headers['user-agent'] ?? '' },
    sso,
  );
  setSessionCookie(request, reply, session.token, session.expiresAt);
  return session;
}
