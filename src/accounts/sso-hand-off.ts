import type { FastifyReply, FastifyRequest } from 'fastify';
import { isSecureRequest } from '../http/origin.ts';
import { openSecret, sealSecret } from '../security/secret-box.ts';
import { hashToken } from '../security/tokens.ts';
import type { SessionOrigin } from './sessions.ts';
import { CHALLENGE_TTL_MS } from './two-factor.repo.ts';

// Issue 13 §1: an SSO sign-in that still asks for the local second factor must hand the IdP session
// (provider, `sid`, ID token) to the console session made after the code, or an IdP-initiated logout
// (idp-logout.ts) cannot find that session. The origin travels sealed in a cookie bound to the challenge.

const HAND_OFF_COOKIE = 'deskgate_sso_2fa';
const HAND_OFF_PATH = '/api/console/auth/login/second-factor';
/** Browsers keep cookies up to 4096 bytes; a larger ID token (many group claims) is left out, not the sid. */
const MAX_COOKIE_CHARS = 3800;

const contextOf = (challengeIdHash: string) => `challenge:${challengeIdHash}:sso_origin`;

/** Sets the sealed SSO origin for the second-factor step of challenge `challengeId`. */
export function setSsoHandOff(
  request: FastifyRequest,
  reply: FastifyReply,
  challengeId: string,
  origin: SessionOrigin,
): void {
  const key = request.server.config.secretKey;
  const seal = (o: SessionOrigin) => sealSecret(key, JSON.stringify(o), contextOf(hashToken(challengeId)));
  const sealed = seal(origin);
  void reply.setCookie(
    HAND_OFF_COOKIE,
    sealed.length <= MAX_COOKIE_CHARS ? sealed : seal({ ...origin, idTokenSealed: null }),
    {
      path: HAND_OFF_PATH,
      httpOnly: true,
      sameSite: 'lax',
      secure: isSecureRequest(request, request.server.config.publicUrl),
      maxAge: CHALLENGE_TTL_MS / 1000,
    },
  );
}

/**
 * The SSO origin handed to the challenge that was just passed, or undefined (a password sign-in, or a
 * cookie of another challenge or forged: it does not open); the cookie is cleared either way.
 */
export function takeSsoHandOff(
  request: FastifyRequest,
  reply: FastifyReply,
  challengeIdHash: string,
): SessionOrigin | undefined {
  const sealed = request.cookies[HAND_OFF_COOKIE];
  if (sealed === undefined) return undefined;
  void reply.clearCookie(HAND_OFF_COOKIE, { path: HAND_OFF_PATH });
  try {
    const o = JSON.parse(openSecret(request.server.config.secretKey, sealed, contextOf(challengeIdHash)));
    return typeof o.providerId === 'string'
      ? {
          providerId: o.providerId,
          idTokenSealed: typeof o.idTokenSealed === 'string' ? o.idTokenSealed : null,
          sid: typeof o.sid === 'string' ? o.sid : null,
        }
      : undefined;
  } catch {
    return undefined;
  }
}
