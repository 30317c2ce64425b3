import type { FastifyRequest } from 'fastify';

/**
 * The origin people and IdPs reach DeskGate at. `DESKGATE_PUBLIC_URL` wins; otherwise the request's
 * own scheme and host, where Fastify honours X-Forwarded-* only when trust-proxy is configured.
 */
export function publicOrigin(request: FastifyRequest, configuredPublicUrl: string | undefined): string {
  if (configuredPublicUrl) return configuredPublicUrl;
  return `${request.protocol}://${request.host}`;
}

/** Whether cookies set on this request must carry `Secure`. */
export function isSecureRequest(request: FastifyRequest, configuredPublicUrl: string | undefined): boolean {
  if (configuredPublicUrl) return configuredPublicUrl.startsWith('https:');
  return request.protocol === 'https';
}
