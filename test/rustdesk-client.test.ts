import { describe, expect, it } from 'vitest';
import { RustDeskClient, type Transport, type WireResponse } from './rustdesk-client.ts';
import {
  deserializeAuthBody,
  deserializeOidcAuthUrl,
  parseHbbHttpResponse,
} from './rustdesk-client-parsers.ts';

// The emulator must be as strict as the client (spec §3.5, §4.3), or tests pass against bodies that would
// leave a real client "Waiting account auth" for 180 s. These pin each trap.

const USER = {
  name: 'alice',
  display_name: 'Alice',
  avatar: '',
  email: 'a@example.com',
  note: '',
  status: 1,
  is_admin: false,
  info: {},
};
const BODY = { access_token: 't', type: 'access_token', tfa_type: '', secret: '', user: USER };
const parse = (body: unknown) => parseHbbHttpResponse(JSON.stringify(body), deserializeAuthBody).kind;

describe('the emulator parses auth-query bodies like the Rust client', () => {
  it('accepts the canonical AuthBody and its minimal form', () => {
    expect(parse(BODY)).toBe('Data');
    expect(parse({ access_token: 't', type: 'access_token', user: { name: 'a', info: {} } })).toBe('Data');
    expect(parse({ ...BODY, user: { ...USER, email: null, status: -1, status_extra: 1 } })).toBe('Data');
  });

  it.each([
    ['user.info missing', { ...BODY, user: { ...USER, info: undefined } }],
    ['user.info not an object', { ...BODY, user: { ...USER, info: [] } }],
    ['user.name missing', { ...BODY, user: { ...USER, name: undefined } }],
    ['status 2', { ...BODY, user: { ...USER, status: 2 } }],
    ['status as a string', { ...BODY, user: { ...USER, status: '1' } }],
    ['is_admin null', { ...BODY, user: { ...USER, is_admin: null } }],
    ['tfa_type null', { ...BODY, tfa_type: null }],
    ['secret null', { ...BODY, secret: null }],
    ['access_token missing', { ...BODY, access_token: undefined }],
    ['wrapped in {body}', { body: BODY }],
    ['info.other not strings', { ...BODY, user: { ...USER, info: { other: { a: 1 } } } }],
  ])('treats a body with %s as not an AuthBody (the client keeps waiting)', (_, body) => {
    expect(parse(body)).toBe('DataTypeFormat');
  });

  it('tells errors, error formats and non-objects apart', () => {
    expect(parse({ error: 'No authed oidc is found' })).toBe('Error');
    expect(parse({ error: 1 })).toBe('ErrorFormat');
    expect(parseHbbHttpResponse('null', deserializeAuthBody).kind).toBe('RequestError');
    expect(parseHbbHttpResponse('<html>', deserializeAuthBody).kind).toBe('RequestError');
  });

  it('requires an absolute url from /api/oidc/auth', () => {
    expect(deserializeOidcAuthUrl({ code: 'c', url: '/api/oidc/x' })).toBeUndefined();
    expect(deserializeOidcAuthUrl({ code: 'c', url: 'https://idp.example/authorize' })).toBeDefined();
  });
});

describe('the emulated auth task', () => {
  const DEVICE = { id: '1', uuid: 'dQ==', deviceInfo: { os: 'linux', type: 'client', name: 'pc' } } as const;
  /** A scripted server: answers /api/oidc/auth, then the given poll bodies in order (the last repeats). */
  const scripted = (polls: WireResponse[]): Transport => {
    let i = 0;
    return async (req) => {
      if (req.path === '/api/oidc/auth')
        return { status: 200, body: JSON.stringify({ code: 'c', url: 'https://idp.example/a' }) };
      return polls[Math.min(i++, polls.length - 1)] as WireResponse;
    };
  };

  it('keeps polling on the pending literal, unparseable bodies and non-JSON, then takes the AuthBody', async () => {
    const rd = new RustDeskClient(
      scripted([
        { status: 200, body: '{"error":"No authed oidc is found"}' },
        { status: 500, body: 'Internal Server Error' },
        { status: 200, body: JSON.stringify({ ...BODY, user: { ...USER, info: undefined } }) },
        { status: 400, body: JSON.stringify(BODY) },
      ]),
      DEVICE,
    );
    const result = await rd.accountAuth('x', { intervalMs: 1, timeoutMs: 2000 });
    expect(result).toMatchObject({ state_msg: 'Login account auth', failed_msg: '' });
    expect(result.polls).toHaveLength(4);
    expect(rd.accessToken).toBe('t');
  });

  it('stops on any other error string, and times out on bodies it cannot parse', async () => {
    const failing = new RustDeskClient(scripted([{ status: 403, body: '{"error":"Refused."}' }]), DEVICE);
    expect((await failing.accountAuth('x', { intervalMs: 1, timeoutMs: 2000 })).failed_msg).toBe('Refused.');
    const broken = JSON.stringify({ ...BODY, user: { ...USER, is_admin: null } });
    const stuck = new RustDeskClient(scripted([{ status: 200, body: broken }]), DEVICE);
    expect((await stuck.accountAuth('x', { intervalMs: 5, timeoutMs: 100 })).failed_msg).toBe('timeout');
  });
});
