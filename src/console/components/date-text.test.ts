import { describe, expect, it } from 'vitest';
import { isIsoDate, isoToLocalDate, localDateToIso } from './date-text.ts';

// Issue 11: the secret's expiry is shown and typed in the console's language, whatever the browser's locale.
describe('dates typed in the console language', () => {
  it('writes an ISO day in the locale order', () => {
    expect(isoToLocalDate('2027-01-31', 'en-GB')).toBe('31/01/2027');
    expect(isoToLocalDate('2027-01-31', 'ja-JP')).toBe('2027/01/31');
    expect(isoToLocalDate('', 'ja-JP')).toBe('');
  });

  it('reads day/month/year in English and year/month/day in Japanese', () => {
    expect(localDateToIso('31/01/2027', 'en-GB')).toBe('2027-01-31');
    expect(localDateToIso(' 1.2.2027 ', 'en-GB')).toBe('2027-02-01');
    expect(localDateToIso('2027/01/31', 'ja-JP')).toBe('2027-01-31');
    expect(localDateToIso('2027年1月31日', 'ja-JP')).toBe('2027-01-31');
    expect(localDateToIso('2027-01-31', 'en-GB')).toBe('2027-01-31');
  });

  it('refuses what is no calendar day, and never reads the US order', () => {
    expect(localDateToIso('01/31/2027', 'en-GB')).toBeNull();
    expect(localDateToIso('31/01/2027', 'ja-JP')).toBeNull();
    expect(localDateToIso('30/02/2027', 'en-GB')).toBeNull();
    expect(localDateToIso('31/01/27', 'en-GB')).toBeNull();
    expect(localDateToIso('tomorrow', 'en-GB')).toBeNull();
    expect(isIsoDate('2027-02-30')).toBe(false);
    expect(isIsoDate('2027-02-28')).toBe(true);
  });
});
