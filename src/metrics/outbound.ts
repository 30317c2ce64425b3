import { metrics } from './metrics.ts';

/** A system DeskGate talks to besides its database (identity providers are counted in src/sso/outbound.ts). */
export type OtherSystem = 'scim' | 'ldap' | 'smtp';

/**
 * Runs one call to another system and counts it in `deskgate_outbound_calls_total` (issue 14): a failure when
 * it throws, unless `answered(err)` says the system did answer (LDAP's invalidCredentials: a wrong password is
 * the directory working, not failing).
 */
export async function countedCall<T>(
  system: OtherSystem,
  call: () => Promise<T>,
  answered: (err: unknown) => boolean = () => false,
): Promise<T> {
  try {
    const result = await call();
    metrics.countCall(system, 'success');
    return result;
  } catch (err) {
    metrics.countCall(system, answered(err) ? 'success' : 'failure');
    throw err;
  }
}

/** `2xx`, `4xx`…: how an inbound SCIM request ended (the identity provider's provisioning service calls us). */
export function statusClass(status: number): `${number}xx` {
  return `${Math.floor(status / 100)}xx`;
}
