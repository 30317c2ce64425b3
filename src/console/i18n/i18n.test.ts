import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { ja } from './ja.ts';

describe('console translations', () => {
  it('have the same keys in English and Japanese, none empty', () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of [...Object.entries(en), ...Object.entries(ja)]) {
      expect(value.trim(), key).not.toBe('');
    }
  });

  it('keep the same placeholders in both languages', () => {
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      const names = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      expect(names(ja[key]), key).toEqual(names(en[key]));
    }
  });

  it('use the Japanese guide’s exact terms', () => {
    expect(ja['nav.settings']).toBe('設定');
    expect(ja['oidc.callbackUrl']).toBe('コールバックURL');
    expect(ja['oidc.newProvider']).toBe('新しい認証プロバイダー');
  });
});
