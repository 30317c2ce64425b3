import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClientMetadata, Provider } from 'oidc-provider';
import { TenantStore } from './adapter.ts';
import { createTenantProvider, tenantIssuer } from './provider.ts';
import type { OpState } from './state.ts';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A tenant as the router sees it. */
export interface Tenant {
  id: string;
  issuer: string;
  provider: Provider;
  /** Hands a request to oidc-provider; `path` is the part after `/<tenantId>/v2.0`, with the query. */
  dispatch(req: IncomingMessage, res: ServerResponse, path: string): Promise<void>;
}

interface Slot {
  store: TenantStore;
  tenant: Tenant;
}

/** The tenants of the OP, one Provider each, all on one origin and signing with the same keys. */
export class Tenants {
  readonly #state: OpState;
  readonly #slots = new Map<string, Slot>();

  constructor(state: OpState) {
    this.#state = state;
  }

  #build(id: string, store: TenantStore): Tenant {
    const provider = createTenantProvider(id, this.#state, store);
    const callback = provider.callback();
    const mountPath = `/${id}/v2.0`;
    return {
      id,
      issuer: tenantIssuer(this.#state.origin, id),
      provider,
      // Mounting under a path: oidc-provider derives its mount point from originalUrl minus url (notes §3.2).
      dispatch: async (req, res, path) => {
        Object.assign(req, {
          originalUrl: `${mountPath}${path}`,
          url: path.startsWith('/') ? path : `/${path}`,
        });
        await callback(req, res);
      },
    };
  }

  /** Returns the tenant, creating it on first use; tenant ids are GUIDs, like Entra's. */
  ensure(id: string): Tenant {
    const existing = this.#slots.get(id);
    if (existing) return existing.tenant;
    if (!GUID.test(id)) throw new Error(`tenant id must be a GUID: ${id}`);
    const store = new TenantStore(this.#state, id);
    const slot = { store, tenant: this.#build(id, store) };
    this.#slots.set(id, slot);
    return slot.tenant;
  }

  get(id: string): Tenant | undefined {
    return this.#slots.get(id)?.tenant;
  }

  /** Some tenant, for what all tenants share (keys, the metadata shape). */
  any(): Tenant | undefined {
    return this.#slots.values().next().value?.tenant;
  }

  /** Checks client metadata with oidc-provider's own rules (a throwaway Provider if no tenant exists). */
  async validateClient(metadata: ClientMetadata): Promise<void> {
    const id = '00000000-0000-0000-0000-000000000000';
    const provider =
      this.any()?.provider ?? createTenantProvider(id, this.#state, new TenantStore(this.#state, id));
    await provider.Client.validate(metadata);
  }

  byIssuer(issuer: string): Tenant | undefined {
    for (const { tenant } of this.#slots.values()) if (tenant.issuer === issuer) return tenant;
    return undefined;
  }

  /** oidc-provider reads `jwks` once, so a key rotation rebuilds every Provider on the same stores. */
  rebuildAll(): void {
    for (const [id, slot] of this.#slots) slot.tenant = this.#build(id, slot.store);
  }
}
