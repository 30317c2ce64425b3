import type { TFunction } from 'i18next';
import { ApiError } from './client.ts';

/**
 * The sentence to show for a failed request: the server's English sentence, except for codes the
 * console translates — a refused password leads with the translated verdict and zxcvbn's reason
 * (`reason`, its feedback key) in the reader's language.
 */
export function errorText(t: TFunction, err: unknown): string {
  if (err instanceof ApiError && err.code === 'WEAK_PASSWORD') {
    const key = `password.${err.reason}`;
    const reason = err.reason && t(key) !== key ? ` ${t(key)}` : '';
    return `${t('password.WEAK_PASSWORD')}${reason} ${t('password.strongHint')}`;
  }
  return err instanceof Error ? err.message : String(err);
}
