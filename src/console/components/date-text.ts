// Dates as people type them in the console's language, and ISO `YYYY-MM-DD` as the API stores them.

type Part = 'year' | 'month' | 'day';
const SAMPLE = Date.UTC(2026, 11, 31);
const formats = new Map<string, Intl.DateTimeFormat>();

function numericFormat(locale: string): Intl.DateTimeFormat {
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      timeZone: 'UTC',
    });
    formats.set(locale, format);
  }
  return format;
}

/** The order of day, month and year in the locale's numeric dates: en-GB day-month-year, ja-JP year-month-day. */
function partOrder(locale: string): Part[] {
  return numericFormat(locale)
    .formatToParts(SAMPLE)
    .map((p) => p.type)
    .filter((type): type is Part => type === 'year' || type === 'month' || type === 'day');
}

/** A real calendar day written `YYYY-MM-DD` (2026-02-30 is not one). */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const at = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(at) && new Date(at).toISOString().slice(0, 10) === text;
}

/** `2026-12-31` as the locale writes it in numbers: 31/12/2026 (en-GB), 2026/12/31 (ja-JP). Other text as is. */
export function isoToLocalDate(iso: string, locale: string): string {
  return isIsoDate(iso) ? numericFormat(locale).format(Date.parse(iso)) : iso;
}

/**
 * What a person typed, read in the locale's order — numbers separated by / . - spaces or 年 月 日 — as
 * `YYYY-MM-DD`; `YYYY-MM-DD` itself is understood in every language. Null when it is no calendar day.
 */
export function localDateToIso(text: string, locale: string): string | null {
  const trimmed = text.trim();
  if (isIsoDate(trimmed)) return trimmed;
  const numbers = trimmed.split(/[\s/.\-年月日]+/).filter(Boolean);
  if (numbers.length !== 3 || !numbers.every((n) => /^\d{1,4}$/.test(n))) return null;
  const order = partOrder(locale);
  const part = (p: Part) => numbers[order.indexOf(p)] ?? '';
  if (part('year').length !== 4) return null;
  const iso = `${part('year')}-${part('month').padStart(2, '0')}-${part('day').padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}
