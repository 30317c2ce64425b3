import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { AppError } from '../errors.ts';
import { PASSWORD_MIN_LENGTH } from '../shared/accounts.ts';

/**
 * The rule for every new password (admin create/reset, self-service change, the first admin's
 * DESKGATE_ADMIN_PASSWORD): at least 8 characters, and not one zxcvbn scores 0–1 ("too guessable":
 * under 10^6 guesses, i.e. a common password, a name, a keyboard walk or a date, also with l33t
 * substitutions). The person's username and display name count as guessable words.
 */

/** zxcvbn's own keys; the console translates `password.warning.<key>` / `password.suggestion.<key>`. */
export interface PasswordVerdict {
  ok: boolean;
  /** `warning.<key>` or `suggestion.<key>`, the most useful piece of feedback; '' when none. */
  reason: string;
  /** The same, in English words. */
  words: string;
}

interface Estimator {
  zxcvbn: ZxcvbnFactory;
  english: { warnings: Record<string, string>; suggestions: Record<string, string> };
}

// The dictionaries take about a second to load: loaded on the first check, once per process, so
// start-up and processes that never set a password do not pay for them.
let estimator: Promise<Estimator> | undefined;
function loadEstimator(): Promise<Estimator> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
    ]);
    // No translations: feedback comes back as keys, which the console translates (en + ja).
    const zxcvbn = new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
    });
    return { zxcvbn, english: en.translations };
  })();
  return estimator;
}

/** Scores a password; `personal` are the account's own words (username, display name). */
export async function judgePassword(password: string, personal: string[] = []): Promise<PasswordVerdict> {
  if (password.length < PASSWORD_MIN_LENGTH)
    return { ok: false, reason: 'tooShort', words: `Use at least ${PASSWORD_MIN_LENGTH} characters.` };
  const { zxcvbn, english } = await loadEstimator();
  const result = zxcvbn.check(password, personal.filter(Boolean));
  const { warning, suggestions } = result.feedback;
  const suggestion = suggestions[0];
  const reason = warning ? `warning.${warning}` : suggestion ? `suggestion.${suggestion}` : '';
  const words = [
    warning ? english.warnings[warning] : undefined,
    ...suggestions.map((s) => english.suggestions[s]),
  ]
    .filter(Boolean)
    .join(' ');
  return { ok: result.score >= 2, reason, words };
}

/** Throws WEAK_PASSWORD (400) with zxcvbn's reason in words, and its key in `reason` for the console. */
export async function assertStrongPassword(password: string, personal: string[] = []): Promise<void> {
  const verdict = await judgePassword(password, personal);
  if (verdict.ok) return;
  const advice = verdict.words || 'Add more words that are less common.';
  throw new AppError(
    'WEAK_PASSWORD',
    400,
    `This password is too easy to guess. ${advice} A few unrelated words make a strong password.`,
    {},
    verdict.reason,
  );
}
