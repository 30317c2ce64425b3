import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './return-to.ts';

const ORIGIN = 'https://deskgate.example';

describe('safeReturnTo', () => {
  it('keeps a path on this origin with its query and hash', () => {
    expect(safeReturnTo('/users?page=2#top', ORIGIN)).toBe('/users?page=2#top');
    expect(safeReturnTo('/settings/oidc', ORIGIN)).toBe('/settings/oidc');
  });

  it.each([
    ['', 'empty'],
    [undefined, 'missing'],
    ['users', 'not a path'],
    ['//evil.example', 'protocol-relative'],
    ['/\\evil.example', 'backslash'],
    ['\\\\evil.example', 'two backslashes'],
    ['https://evil.example/', 'absolute'],
    ['/\t/evil.example', 'tab'],
    ['/\n/evil.example', 'newline'],
    ['/users\r\nSet-Cookie: x=1', 'header injection'],
    ['/ /evil.example', 'space'],
    ['/\u0000/evil.example', 'NUL'],
    ['/\u2028/evil.example', 'line separator'],
    ['/.//evil.example', 'dot segment to //'],
    ['/..//evil.example', 'dot-dot segment to //'],
    ['javascript:alert(1)', 'javascript URL'],
  ])('refuses %j (%s) with /', (value, _why) => {
    expect(safeReturnTo(value, ORIGIN)).toBe('/');
  });

  it('leaves an encoded tab encoded: it stays a path on this origin', () => {
    expect(safeReturnTo('/%09/evil.example', ORIGIN)).toBe('/%09/evil.example');
    expect(safeReturnTo('/%2F%2Fevil.example', ORIGIN)).toBe('/%2F%2Fevil.example');
  });
});
