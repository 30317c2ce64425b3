import * as client from 'openid-client';
import { describe, expect, it } from 'vitest';
import { pkceChallenge } from './flow.ts';

describe('pkceChallenge', () => {
  it('is RFC 7636 S256 (the Appendix B example)', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it("matches openid-client's calculatePKCECodeChallenge for the verifiers it generates", async () => {
    for (let i = 0; i < 20; i++) {
      const verifier = client.randomPKCECodeVerifier();
      expect(pkceChallenge(verifier)).toBe(await client.calculatePKCECodeChallenge(verifier));
    }
  });
});
