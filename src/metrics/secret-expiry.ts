import type { Kysely } from 'kysely';
import { Gauge, type Registry } from 'prom-client';
import type { Database } from '../db/schema.ts';

/** A provider's "Client secret expires" date (Unix ms), as an administrator entered it in the provider editor. */
export interface SecretExpiry {
  provider: string;
  expiresAt: number;
}

/** Every provider with a known client secret expiry; read at scrape time, so every instance on one database agrees. */
export async function readSecretExpiries(db: Kysely<Database>): Promise<SecretExpiry[]> {
  const rows = await db
    .selectFrom('oidc_providers')
    .select(['name', 'client_secret_expires_at'])
    .where('client_secret_expires_at', 'is not', null)
    .execute();
  return rows.map((r) => ({ provider: r.name, expiresAt: Number(r.client_secret_expires_at) }));
}

/**
 * The client-secret gauges (issue 14), computed from the database on each scrape rather than pushed on save: a
 * saved, renamed or deleted provider shows at the next scrape on every instance, with nothing to refresh.
 */
export function registerSecretExpiryGauges(
  registry: Registry,
  read: () => Promise<SecretExpiry[]> | undefined,
): void {
  // prom-client collects every metric of a scrape at once: both gauges share the one read in flight.
  let inFlight: Promise<SecretExpiry[] | undefined> | undefined;
  const readOnce = () => {
    inFlight ??= Promise.resolve(read()?.catch(() => undefined)).finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
  const gauge = (name: string, help: string, value: (e: SecretExpiry) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['provider'] as const,
      registers: [registry],
      collect: async function collectSecretExpiry(this: Gauge<'provider'>) {
        const expiries = await readOnce();
        this.reset();
        for (const e of expiries ?? []) this.set({ provider: e.provider }, value(e));
      },
    });
  gauge(
    'deskgate_idp_client_secret_expiry_timestamp_seconds',
    'When an identity provider client secret expires (Unix time), for providers whose expiry is known',
    (e) => e.expiresAt / 1000,
  );
  gauge(
    'deskgate_idp_client_secret_expires_in_seconds',
    'Seconds until an identity provider client secret expires (negative: expired), for providers whose expiry is known',
    (e) => Math.round((e.expiresAt - Date.now()) / 1000),
  );
}
