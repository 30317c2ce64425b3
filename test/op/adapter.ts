import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';
import type { OpState } from './state.ts';

interface Entry {
  payload: AdapterPayload;
  expiresAt: number;
}

/** Models whose ids are handed to the RP and later come back to `/organizations` endpoints. */
const ROUTED_MODELS = new Set(['AuthorizationCode', 'AccessToken', 'RefreshToken']);

/**
 * One tenant's storage. It lives outside the Provider so that a key rotation, which rebuilds the Provider
 * (notes §3.8), keeps sessions, codes and tokens; and per tenant, so a code from one tenant means nothing
 * to another.
 */
export class TenantStore {
  readonly #entries = new Map<string, Entry>();
  readonly #state: OpState;
  readonly #tenantId: string;

  constructor(state: OpState, tenantId: string) {
    this.#state = state;
    this.#tenantId = tenantId;
  }

  /** oidc-provider's `adapter` option: clients come from the shared registry, the rest from this store. */
  readonly adapterFactory: AdapterFactory = (model) =>
    model === 'Client' ? this.#clientAdapter() : this.#modelAdapter(model);

  #get(key: string): AdapterPayload | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  #findWhere(model: string, match: (payload: AdapterPayload) => boolean): AdapterPayload | undefined {
    for (const key of this.#entries.keys()) {
      if (!key.startsWith(`${model}:`)) continue;
      const payload = this.#get(key);
      if (payload && match(payload)) return payload;
    }
    return undefined;
  }

  #modelAdapter(model: string): Adapter {
    const key = (id: string) => `${model}:${id}`;
    return {
      upsert: async (id, payload, expiresIn) => {
        const expiresAt = expiresIn ? Date.now() + expiresIn * 1000 : Number.POSITIVE_INFINITY;
        this.#entries.set(key(id), { payload, expiresAt });
        if (ROUTED_MODELS.has(model)) this.#state.owners.set(id, this.#tenantId);
      },
      find: async (id) => this.#get(key(id)),
      findByUid: async (uid) => this.#findWhere(model, (p) => p.uid === uid),
      findByUserCode: async (userCode) => this.#findWhere(model, (p) => p.userCode === userCode),
      consume: async (id) => {
        const payload = this.#get(key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      destroy: async (id) => {
        this.#entries.delete(key(id));
      },
      revokeByGrantId: async (grantId) => {
        for (const [k, entry] of this.#entries) {
          if (entry.payload.grantId === grantId) this.#entries.delete(k);
        }
      },
    };
  }

  #clientAdapter(): Adapter {
    const readOnly = async () => {
      throw new Error('clients are registered through the control API');
    };
    return {
      find: async (id) => this.#state.clients.get(id),
      upsert: readOnly,
      findByUid: async () => undefined,
      findByUserCode: async () => undefined,
      consume: readOnly,
      destroy: readOnly,
      revokeByGrantId: async () => undefined,
    };
  }
}
