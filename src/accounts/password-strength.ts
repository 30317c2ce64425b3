import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
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

// zxcvbn's dictionaries are ≈ 24 MB of heap once built, and building them takes ≈ 1 s and ≈ 60 MB more for a
// moment. Passwords are set now and then (an admin adding people, a reset, the first admin at start-up), so the
// estimator lives in a worker thread that ends 30 s after the last check: the server process never keeps
// the dictionaries (issue 14: they were most of the fleet benchmark's RSS above 200 MB, loaded at start-up by
// the first admin's password and kept for good). The next check starts a worker again.
let idleMs = 30_000;

// Plain CommonJS evaluated in the worker (`eval: true`), as src/db/wal-checkpointer.ts does, so the same code
// runs from the sources (tests) and from the build; the packages' paths come from the parent.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { ZxcvbnFactory } = require(workerData.core);
const common = require(workerData.common);
const en = require(workerData.en);
// No translations: feedback comes back as keys, which the console translates (en + ja).
const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...en.dictionary },
  graphs: common.adjacencyGraphs,
});
parentPort.on('message', ({ id, password, personal }) => {
  try {
    const { score, feedback } = zxcvbn.check(password, personal);
    const warning = feedback.warning || '';
    const suggestions = feedback.suggestions;
    const words = [warning ? en.translations.warnings[warning] : undefined,
      ...suggestions.map((s) => en.translations.suggestions[s])].filter(Boolean).join(' ');
    parentPort.postMessage({ id, score, warning, suggestions, words });
  } catch (err) {
    parentPort.postMessage({ id, error: String((err && err.message) || err) });
  }
});
`;

interface Scored {
  score: number;
  warning: string;
  suggestions: string[];
  words: string;
}
interface Estimator {
  worker: Worker;
  pending: Map<number, { resolve: (s: Scored) => void; reject: (e: Error) => void }>;
  idle: NodeJS.Timeout | undefined;
}

let estimator: Estimator | undefined;
let nextId = 0;

function startEstimator(): Estimator {
  const resolve = createRequire(import.meta.url).resolve;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      core: resolve('@zxcvbn-ts/core'),
      common: resolve('@zxcvbn-ts/language-common'),
      en: resolve('@zxcvbn-ts/language-en'),
    },
  });
  const e: Estimator = { worker, pending: new Map(), idle: undefined };
  worker.on('message', (m: Scored & { id: number; error?: string }) => {
    const waiting = e.pending.get(m.id);
    e.pending.delete(m.id);
    if (m.error) waiting?.reject(new Error(`the password check failed: ${m.error}`));
    else waiting?.resolve(m);
    settle(e);
  });
  const fail = (err: Error) => {
    if (estimator === e) estimator = undefined;
    for (const waiting of e.pending.values()) waiting.reject(err);
    e.pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the password checker stopped (exit code ${code})`)));
  return e;
}

/** Ends a worker: the next check starts a new one. */
function end(e: Estimator): void {
  clearTimeout(e.idle);
  if (estimator === e) estimator = undefined;
  void e.worker.terminate();
}

/** While checks wait, the worker keeps the process alive; once none does, it ends after `idleMs`. */
function settle(e: Estimator): void {
  clearTimeout(e.idle);
  if (e.pending.size > 0) return;
  e.worker.unref();
  e.idle = setTimeout(() => end(e), idleMs);
  e.idle.unref();
}

/** Whether a checker worker is running now, and (for tests) how long an idle one is kept. */
export const passwordChecker = {
  running: (): boolean => estimator !== undefined,
  setIdleMs(ms: number): void {
    idleMs = ms;
  },
  /** Ends the worker now (once no check waits): the start-up check of the first admin's password is the last for a while. */
  release(): void {
    if (estimator && estimator.pending.size === 0) end(estimator);
  },
};

function score(password: string, personal: string[]): Promise<Scored> {
  estimator ??= startEstimator();
  const e = estimator;
  clearTimeout(e.idle);
  e.worker.ref();
  const id = nextId++;
  return new Promise<Scored>((resolve, reject) => {
    e.pending.set(id, { resolve, reject });
    e.worker.postMessage({ id, password, personal });
  });
}

/** Scores a password; `personal` are the account's own words (username, display name). */
export async function judgePassword(password: string, personal: string[] = []): Promise<PasswordVerdict> {
  if (password.length < PASSWORD_MIN_LENGTH)
    return { ok: false, reason: 'tooShort', words: `Use at least ${PASSWORD_MIN_LENGTH} characters.` };
  const { score: points, warning, suggestions, words } = await score(password, personal.filter(Boolean));
  const suggestion = suggestions[0];
  const reason = warning ? `warning.${warning}` : suggestion ? `suggestion.${suggestion}` : '';
  return { ok: points >= 2, reason, words };
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
