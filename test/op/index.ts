import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { CustomFetch } from 'openid-client';
import type { AuthorizationResult, RegisteredUser, TamperMode, TestClient, TestUser } from './types.ts';
import { TestBrowser } from './user-agent.ts';

export type {
  AuthorizationResult,
  RegisteredUser,
  TamperMode,
  TestClient,
  TestResponseType,
  TestUser,
  TestUserClaims,
} from './types.ts';
export { TAMPER_MODES } from './types.ts';
export type { TestBrowser } from './user-agent.ts';

export interface StartTestOpOptions {
  /** Tenants to create up front (GUIDs); more appear with addTenant or addUser. */
  tenants?: string[];
  /** Show the OP's own output (oidc-provider notices, errors). Also on with TEST_OP_VERBOSE=1. */
  verbose?: boolean;
}

/** A running test OpenID Provider process and the calls that steer it. */
export interface TestOp {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** `<origin>/<tenantId>/v2.0`, Entra's v2 issuer shape; discovery is below it. */
  issuer(tenantId: string): string;
  /** `<origin>/organizations/v2.0`: publishes the `{tenantid}` issuer template (see entraMultiTenantFetch). */
  readonly organizationsAuthority: string;
  /** Creates a tenant (a random GUID when omitted) and returns its id. */
  addTenant(tenantId?: string): Promise<string>;
  /** Registers a client in every tenant, like a multi-tenant app registration. Re-adding replaces it. */
  addClient(client: TestClient): Promise<void>;
  /** Registers a user in a tenant (created if needed) and returns it with its defaults resolved. */
  addUser(tenantId: string, user: TestUser): Promise<RegisteredUser>;
  /** Publishes a new RS256 key and signs with it from now on; `removeOld` also unpublishes the old keys. */
  rotateKeys(options?: { removeOld?: boolean }): Promise<{ kid: string; kids: string[] }>;
  /** A JWT signed with the OP's active key (RS256, its kid): any payload, for negative tests. */
  sign(
    payload: Record<string, unknown>,
    header?: Record<string, unknown>,
  ): Promise<{ jwt: string; kid: string }>;
  /** Switches the tampering layer; it stays until set back to `'none'`. */
  setTamper(mode: TamperMode): Promise<void>;
  /** Logs `username` in (accountId or preferred_username) with a fresh cookie jar; returns the RP request. */
  loginAs(authorizationUrl: string | URL, username: string): Promise<AuthorizationResult>;
  /** Follows an end-session URL (fresh cookie jar, so no session) and returns where the OP sends the browser. */
  endSession(endSessionUrl: string | URL): Promise<AuthorizationResult>;
  /** A browser stand-in whose cookie jar persists across its loginAs/endSession calls (SSO, logout page). */
  browser(): TestBrowser;
  stop(): Promise<void>;
}

const ENTRA_ORIGIN = 'https://login.microsoftonline.com';

/**
 * A customFetch for openid-client that serves `https://login.microsoftonline.com/...` from the test OP.
 * openid-client applies its Entra `{tenantid}` issuer rule only to discovery URLs on that origin (notes
 * §2.8), so discover `https://login.microsoftonline.com/organizations/v2.0` through this. The document's
 * endpoints already point at the test OP; pair it with `allowInsecureRequests`.
 */
export function entraMultiTenantFetch(op: Pick<TestOp, 'origin'>): CustomFetch {
  return (url, options) => {
    const target = url.startsWith(`${ENTRA_ORIGIN}/`) ? `${op.origin}${url.slice(ENTRA_ORIGIN.length)}` : url;
    return fetch(target, options);
  };
}

const SERVER = fileURLToPath(new URL('./server.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function waitUntilReady(child: ChildProcess, output: () => string): Promise<number> {
  // The OP compiles through tsx as it starts: seconds of CPU, and on a loaded 2-core machine more than the 20 s
  // once allowed here (every file starting an OP then failed in its beforeAll). Within the 120 s hook limit.
  const timeout = AbortSignal.timeout(60_000);
  const ready = once(child, 'message', { signal: timeout }).then(([message]: unknown[]) => {
    const port = (message as { port?: unknown } | undefined)?.port;
    if (typeof port !== 'number')
      throw new Error(`unexpected message from the test OP: ${JSON.stringify(message)}`);
    return port;
  });
  const exited = once(child, 'exit', { signal: timeout }).then(([code]: unknown[]) => {
    throw new Error(`the test OP exited with ${String(code)} before it was ready:\n${output()}`);
  });
  try {
    return await Promise.race([ready, exited]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

/** Spawns the test OP as a separate Node process on an ephemeral 127.0.0.1 port. */
export async function startTestOp(options: StartTestOpOptions = {}): Promise<TestOp> {
  const verbose = options.verbose ?? process.env.TEST_OP_VERBOSE === '1';
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, TEST_OP_VERBOSE: verbose ? '1' : '0' },
  });
  // Kept for the error message if the process dies early; shown live only when verbose.
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8').on('data', (chunk: string) => {
      output = (output + chunk).slice(-20_000);
      if (verbose) process.stderr.write(`[test-op] ${chunk}`);
    });
  }
  const port = await waitUntilReady(child, () => output);
  // A forgotten stop() must not keep the test process alive; the OP exits when its IPC channel closes.
  child.unref();
  child.channel?.unref();
  for (const stream of [child.stdout, child.stderr]) if (stream instanceof Socket) stream.unref();
  const origin = `http://127.0.0.1:${port}`;

  async function control<T>(name: string, body: object): Promise<T> {
    const post = () =>
      fetch(`${origin}/__control/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    // A pooled connection the OP closed on its keep-alive timeout just as it was reused ("other side
    // closed"): every control call is idempotent, so it is sent once more on a fresh connection.
    const response = await post().catch((err: unknown) => {
      const code = err instanceof Error ? Reflect.get(Object(err.cause), 'code') : undefined;
      if (code !== 'UND_ERR_SOCKET') throw err;
      return post();
    });
    const result: unknown = await response.json();
    if (!response.ok) throw new Error(`test OP ${name}: ${JSON.stringify(result)}`);
    return result as T;
  }

  for (const tenantId of options.tenants ?? []) await control('tenants', { tenantId });

  return {
    origin,
    organizationsAuthority: `${origin}/organizations/v2.0`,
    issuer: (tenantId) => `${origin}/${tenantId}/v2.0`,
    addTenant: async (tenantId) => (await control<{ tenantId: string }>('tenants', { tenantId })).tenantId,
    addClient: async (client) => {
      await control('clients', { client });
    },
    addUser: (tenantId, user) => control<RegisteredUser>('users', { tenantId, user }),
    rotateKeys: (rotation = {}) => control('rotate-keys', rotation),
    sign: (payload, header = {}) => control('sign', { payload, header }),
    setTamper: async (mode) => {
      await control('tamper', { mode });
    },
    loginAs: (url, username) => new TestBrowser(origin).loginAs(url, username),
    endSession: (url) => new TestBrowser(origin).endSession(url),
    browser: () => new TestBrowser(origin),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
