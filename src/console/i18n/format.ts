import i18next from 'i18next';

/**
 * Dates and times in the UI language (Intl), never the browser's default US format. The
 * formatters are cached per language: building an Intl formatter costs far more than using one.
 */

const cache = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat>();

/** The Intl locale of the UI language. */
export function locale(): string {
  return i18next.language === 'ja' ? 'ja-JP' : 'en-GB';
}

function dateTimeFormat(kind: 'dateTime' | 'date'): Intl.DateTimeFormat {
  const key = `${locale()}:${kind}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(
      locale(),
      kind === 'date'
        ? { year: 'numeric', month: 'short', day: 'numeric' }
        : { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' },
    );
    cache.set(key, format);
  }
  return format as Intl.DateTimeFormat;
}

/** "2 Dec 2026, 09:05" / "2026年12月2日 09:05". */
export function formatDateTime(at: number | Date): string {
  return dateTimeFormat('dateTime').format(at);
}

/** "2 Dec 2026" / "2026年12月2日". */
export function formatDate(at: number | Date): string {
  return dateTimeFormat('date').format(at);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** "5 minutes ago" / "5 分前", "in 3 days" / "3 日後", relative to `now`. */
export function formatRelative(at: number | Date, now: number = Date.now()): string {
  const key = `${locale()}:relative`;
  let format = cache.get(key) as Intl.RelativeTimeFormat | undefined;
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' });
    cache.set(key, format);
  }
  const diff = Number(at) - now;
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms || unit === 'second') return format.format(Math.round(diff / ms), unit);
  }
  return '';
}
