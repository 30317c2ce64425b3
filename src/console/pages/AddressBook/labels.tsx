import { Badge } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { AddressBook } from '../../../shared/address-books.ts';

const RULE_COLORS: Record<number, string> = { 1: 'gray', 2: 'blue', 3: 'violet' };

/** A permission level (1 read, 2 read/write, 3 full control) in words. */
export function ruleLabel(rule: number, t: TFunction): string {
  return rule === 3 ? t('ab.rule3') : rule === 2 ? t('ab.rule2') : t('ab.rule1');
}

export function RuleBadge({ rule }: { rule: number }) {
  const { t } = useTranslation();
  return <Badge color={RULE_COLORS[rule] ?? 'gray'}>{ruleLabel(rule, t)}</Badge>;
}

/** The personal book's name in the reader's language; shared books keep their own name. */
export function bookName(book: AddressBook, t: TFunction): string {
  return book.personal ? t('ab.personal') : book.name;
}

/** Flutter ARGB integer → CSS `#rrggbb` (tags are shown opaque). */
export function argbToHex(argb: number): string {
  return `#${(argb & 0xffffff).toString(16).padStart(6, '0')}`;
}

/** CSS `#rrggbb` → opaque Flutter ARGB integer. */
export function hexToArgb(hex: string): number {
  return (0xff000000 + Number.parseInt(hex.replace('#', '').slice(0, 6), 16)) >>> 0;
}
