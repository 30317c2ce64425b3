import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatRelative } from './format.ts';

// Issue 11: dates and times in the UI language's format (Intl), not the browser's US default.
describe('date and time formatting', () => {
  const at = Date.UTC(2026, 11, 2, 9, 5);
  beforeAll(async () => {
    await i18next.init({ lng: 'en', resources: {} });
  });

  it('writes English day-month-year and a 24-hour time', async () => {
    await i18next.changeLanguage('en');
    expect(formatDate(at)).toBe('2 Dec 2026');
    expect(formatDateTime(at)).toMatch(/^2 Dec 2026,? \d\d:05$/);
    expect(formatRelative(at - 5 * 60_000, at)).toBe('5 minutes ago');
  });

  it('writes Japanese dates the Japanese way', async () => {
    await i18next.changeLanguage('ja');
    expect(formatDate(at)).toBe('2026年12月2日');
    expect(formatDateTime(at)).toMatch(/^2026年12月2日 \d\d:05$/);
    expect(formatRelative(at + 3 * 86_400_000, at)).toBe('3 日後');
  });
});
