// The test OpenID Provider process: `node --import tsx test/op/server.ts`. It listens on an ephemeral
// 127.0.0.1 port and announces `{"ready":true,"port":N}` on stdout (and over IPC when spawned with one).
// Several Entra-shaped tenants share the origin: `/<tenantId>/v2.0` each, plus `/organizations/v2.0` and
// `/common/v2.0`; `/__control/*` is the control API used by test/op/index.ts.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleControl } from './control.ts';
import { KeySet } from './keys.ts';
import { handleLogin } from './login.ts';
import { handleOrganizations } from './organizations.ts';
import { sendJson } from './pages.ts';
import { createState, type OpState } from './state.ts';
import { Tenants } from './tenants.ts';

const AUTHORITY = /^\/([^/]+)\/v2\.0(\/.*)?$/;
const MULTI_TENANT = new Set(['organizations', 'common']);

// oidc-provider prints notices (unsupported runtime on Node 20, in-memory adapter...) through the console;
// tests want a quiet OP unless asked otherwise.
if (process.env.TEST_OP_VERBOSE !== '1') {
  for (const method of ['log', 'info', 'warn', 'debug'] as const) console[method] = () => {};
}

async function route(req: IncomingMessage, res: ServerResponse, state: OpState, tenants: Tenants) {
  const url = new URL(req.url ?? '/', state.origin);
  if (url.pathname.startsWith('/__control/')) {
    return handleControl(req, res, url.pathname.slice('/__control/'.length), state, tenants);
  }
  const match = AUTHORITY.exec(url.pathname);
  const [, authority = '', rest = ''] = match ?? [];
  if (MULTI_TENANT.has(authority)) return handleOrganizations(req, res, url, rest, state, tenants);
  const tenant = tenants.get(authority);
  if (!tenant) {
    // Entra's answer for an authority it does not know.
    const description = `AADSTS90002: Tenant '${authority}' not found.`;
    return sendJson(res, 400, { error: 'invalid_tenant', error_description: description });
  }
  if (rest.startsWith('/login/')) return handleLogin(req, res, tenant, state, url.pathname);
  return tenant.dispatch(req, res, `${rest || '/'}${url.search}`);
}

async function main(): Promise<void> {
  const keys = await KeySet.create();
  let context: { state: OpState; tenants: Tenants } | undefined;
  const server = createServer((req, res) => {
    if (!context) return sendJson(res, 503, { error: 'starting' });
    route(req, res, context.state, context.tenants).catch((error: unknown) => {
      console.error(error);
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, { error: 'server_error', error_description: String(error) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const state = createState(`http://127.0.0.1:${port}`, keys);
  context = { state, tenants: new Tenants(state) };

  const stop = () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // If the test process dies without stopping us, the IPC channel closes: don't linger as an orphan.
  process.on('disconnect', stop);

  const ready = { ready: true, port };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  process.send?.(ready);
}

await main();
