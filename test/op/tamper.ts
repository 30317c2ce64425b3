import { randomBytes } from 'node:crypto';
import { CompactSign, decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import type { OIDCContext, Provider } from 'oidc-provider';
import type { OpState } from './state.ts';

/** A tenant that never exists: the issuer of tokens and documents that claim to come from elsewhere. */
const FOREIGN_TENANT = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

/** The second audience of the `extra-aud` mode. */
export const EXTRA_AUDIENCE = 'api://another-service';

const encoder = new TextEncoder();
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Flips bits in the middle of the signature, so the token is well-formed but no longer verifies. */
function breakSignature(jwt: string): string {
  const [header, payload, signature = ''] = jwt.split('.');
  const bytes = Buffer.from(signature, 'base64url');
  const middle = Math.floor(bytes.length / 2);
  bytes.writeUInt8((bytes.readUInt8(middle) ^ 0xff) & 0xff, middle);
  return `${header}.${payload}.${bytes.toString('base64url')}`;
}

/**
 * Applies the ID-token half of the tampering layer (notes §3.10). oidc-provider only signs correct tokens,
 * so the token it issued is decoded, changed and re-signed with the OP's own private key.
 */
export async function tamperIdToken(jwt: string, state: OpState): Promise<string> {
  const mode = state.tamper;
  if (mode === 'bad-signature') return breakSignature(jwt);
  const header = decodeProtectedHeader(jwt);
  const payload: JWTPayload = decodeJwt(jwt);
  const now = Math.floor(Date.now() / 1000);
  switch (mode) {
    case 'alg-none':
      return `${base64url({ alg: 'none', typ: header.typ })}.${base64url(payload)}.`;
    case 'wrong-iss':
      payload.iss = `${state.origin}/${FOREIGN_TENANT}/v2.0`;
      break;
    case 'wrong-aud':
      payload.aud = 'some-other-client';
      break;
    case 'extra-aud':
      // Valid for openid-client (the client id is in aud and azp names it) yet also meant for another service.
      payload.azp = String(payload.aud);
      payload.aud = [String(payload.aud), EXTRA_AUDIENCE];
      break;
    case 'expired':
      // An hour past exp, well beyond any RP's clock tolerance.
      payload.iat = now - 7200;
      payload.exp = now - 3600;
      break;
    case 'iat-future':
      payload.iat = now + 86_400;
      payload.exp = now + 86_400 + 3600;
      break;
    case 'missing-sub':
      delete payload.sub;
      break;
    case 'missing-iat':
      delete payload.iat;
      break;
    case 'missing-nonce':
      delete payload.nonce;
      break;
    case 'wrong-nonce':
      payload.nonce = `tampered-${randomBytes(8).toString('hex')}`;
      break;
    case 'bad-c_hash':
      if (payload.c_hash !== undefined) payload.c_hash = randomBytes(16).toString('base64url');
      break;
    case 'missing-c_hash':
      delete payload.c_hash;
      break;
    case 'kid-absent-single-key':
    case 'kid-absent-multiple-keys':
      delete header.kid;
      break;
    default:
      return jwt;
  }
  return new CompactSign(encoder.encode(JSON.stringify(payload)))
    .setProtectedHeader({ ...header, alg: 'RS256' })
    .sign(state.keys.active.privateKey);
}

/** Post-processes discovery, JWKS and UserInfo responses for the modes that target them. */
async function tamperResponse(route: string, body: Record<string, unknown>, state: OpState): Promise<void> {
  const mode = state.tamper;
  if (route === 'discovery' && mode === 'alg-none') {
    const algs = body.id_token_signing_alg_values_supported;
    body.id_token_signing_alg_values_supported = [...(Array.isArray(algs) ? algs : []), 'none'];
  } else if (route === 'discovery' && mode === 'discovery-issuer-mismatch') {
    body.issuer = `${state.origin}/${FOREIGN_TENANT}/v2.0`;
  } else if (route === 'jwks' && mode === 'kid-absent-single-key') {
    body.keys = [state.keys.active.publicJwk];
  } else if (route === 'jwks' && mode === 'kid-absent-multiple-keys') {
    // Several RS256 candidates, so a kid-less token is ambiguous (rp-id_token-kid-absent-multiple-jwks).
    const keys = Array.isArray(body.keys) ? body.keys : [];
    if (keys.length < 2) body.keys = [...keys, (await state.keys.decoy()).publicJwk];
  } else if (route === 'userinfo' && mode === 'userinfo-sub-mismatch') {
    body.sub = `${String(body.sub)}-tampered`;
  }
}

/** Hooks the tampering layer into one tenant Provider: its ID tokens and its JSON responses. */
export function installTampering(provider: Provider, state: OpState): void {
  const { prototype } = provider.IdToken;
  const issue = prototype.issue;
  prototype.issue = async function issueTampered(this: typeof prototype, options) {
    const jwt = await issue.call(this, options);
    return options.use === 'idtoken' && state.tamper !== 'none' ? tamperIdToken(jwt, state) : jwt;
  };

  provider.use<object, { oidc?: OIDCContext }>(async (ctx, next) => {
    await next();
    const route = ctx.oidc?.route;
    if (state.tamper === 'none' || !route || !isRecord(ctx.body)) return;
    await tamperResponse(route, ctx.body, state);
  });
}
