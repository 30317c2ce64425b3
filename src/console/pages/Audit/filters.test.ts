import { describe, expect, it } from 'vitest';
import { NO_FILTERS, toQuery } from './filters.ts';

describe('audit filters', () => {
  it('narrows by whole local days, and ignores a date still being typed', () => {
    const q = toQuery({ ...NO_FILTERS, from: '2026-12-01', to: '2026/12' }, 'action');
    expect(q.get('from')).toBe(String(new Date('2026-12-01T00:00:00').getTime()));
    expect(q.has('to')).toBe(false);
  });
});
