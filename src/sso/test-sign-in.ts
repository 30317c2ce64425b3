import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { compiledQuery } from '../db/compiled-query.ts';
import type { Database, OidcProviderRow } from '../db/schema.ts';
import { notFound } from '../errors.ts';
import { hashToken } from '../security/tokens.ts';
import type { TestSignInOutcome, TestSignInResult } from '../shared/sso.ts';
import { registeredCallbackUrl } from './callback-origin.ts';
import { entraHint } from './entra.ts';
import { type AuthorizationResponse, completeSignIn, SignInFailed, startSignIn } from './flow.ts';
import { planSignIn, uniqueUsername } from './identities.ts';
import type { OutboundProxy } from './outbound.ts';
import { findProviderById, toApiProvider } from './providers.repo.ts';

// "Test sign-in" (Settings → OIDC): a real sign-in at the IdP whose claims are shown to the admin with
// what the provider's settings make of them — planSignIn's dry run, so nothing is created or changed and
// no session starts. The outcome lives in the database (any instance may take the callback), for minutes.

/** How long the admin can (re)read a test's outcome. */
export const TEST_RESULT_TTL_MS = 15 * 60 * 1000;

const resultPath = (id: string) => `/settings/oidc/test/${encodeURIComponent(id)}`;

/** Starts a test sign-in for an admin: the usual pending login (purpose 'test') plus a result row bound to them. */
export async function startTestSignIn(
  db: Kysely<Database>,
  key: Buffer,
  proxy: OutboundProxy,
  row: OidcProviderRow,
  opts: { origin: string; userId: string },
): Promise<{ url: string; binding: string }> {
  await db.deleteFrom('sso_test_results').where('expires_at', '<', Date.now()).execute();
  const started = await startSignIn(db, key, proxy, row, {
    origin: opts.origin,
    returnTo: '/settings/oidc',
    purpose: 'test',
    // The admin's own IdP session would otherwise answer silently; they may want to sign in as someone else.
    prompt: 'login',
  });
  const state = new URL(started.url).searchParams.get('state') ?? '';
  const now = Date.now();
  await db
    .insertInto('sso_test_results')
    .values({
      id: randomUUID(),
      state_hash: hashToken(state),
      user_id: opts.userId,
      provider_id: row.id,
      outcome: null,
      created_at: now,
      expires_at: now + TEST_RESULT_TTL_MS,
    })
    .execute();
  return started;
}

/** A test that failed before reaching the IdP (e.g. discovery): stored like any outcome, so one page shows it. */
export async function recordTestFailure(
  db: Kysely<Database>,
  opts: { userId: string; providerId: string; message: string },
): Promise<string> {
  const now = Date.now();
  const id = randomUUID();
  await db
    .insertInto('sso_test_results')
    .values({
      id,
      state_hash: hashToken(randomUUID()),
      user_id: opts.userId,
      provider_id: opts.providerId,
      outcome: JSON.stringify({ result: null, error: opts.message, code: 'SSO_FAILED' }),
      created_at: now,
      expires_at: now + TEST_RESULT_TTL_MS,
    })
    .execute();
  return resultPath(id);
}

/** The test a callback belongs to (by its state), if it is one. */
export async function findTestByState(db: Kysely<Database>, state: string | undefined) {
  if (!state) return undefined;
  return (await selectOpenTest(db, hashToken(state))).rows[0];
}
// Every callback asks first whether it is a test sign-in: compiled once (db/compiled-query.ts, issue 14).
const selectOpenTest = compiledQuery((db, stateHash: string) =>
  db
    .selectFrom('sso_test_results')
    .select(['id'])
    .where('state_hash', '=', stateHash)
    .where('outcome', 'is', null),
);

/**
 * The callback of a test sign-in: verifies the answer exactly as a real sign-in does, then records the
 * claims and the plan — or the failure in words — and returns the console page that shows them.
 */
export async function completeTestSignIn(
  db: Kysely<Database>,
  key: Buffer,
  proxy: OutboundProxy,
  testId: string,
  opts: { publicUrl: string | undefined; params: AuthorizationResponse; binding: string | undefined },
): Promise<string> {
  let outcome: Pick<TestSignInOutcome, 'result' | 'error' | 'code'>;
  const { error, error_description: description = '' } = opts.params;
  if (error) {
    const test = await db
      .selectFrom('sso_test_results')
      .select('provider_id')
      .where('id', '=', testId)
      .executeTakeFirst();
    const callbackUrl = await registeredCallbackUrl(db, test?.provider_id, opts.publicUrl);
    const hint = entraHint(description, callbackUrl) ?? '';
    const detail = description ? ` — ${description.split('\n')[0]}` : '';
    outcome = {
      result: null,
      error: `The identity provider refused the sign-in: ${error}${detail}. ${hint}`.trim(),
      code: 'SSO_IDP_ERROR',
    };
  } else {
    try {
      const load = (id: string) => findProviderById(db, id);
      const signIn = await completeSignIn(db, key, proxy, load, opts);
      outcome = { result: await describeSignIn(db, signIn), error: null, code: null };
    } catch (err) {
      const known = err instanceof SignInFailed;
      outcome = {
        result: null,
        error: known ? err.message : err instanceof Error ? err.message : String(err),
        code: known ? err.code : 'SSO_FAILED',
      };
    }
  }
  // First answer wins: a replayed callback cannot overwrite what the admin is reading.
  await db
    .updateTable('sso_test_results')
    .set({ outcome: JSON.stringify(outcome) })
    .where('id', '=', testId)
    .where('outcome', 'is', null)
    .execute();
  return resultPath(testId);
}

async function describeSignIn(
  db: Kysely<Database>,
  signIn: Awaited<ReturnType<typeof completeSignIn>>,
): Promise<TestSignInResult> {
  const { row, claims, idTokenClaims, userinfo } = signIn;
  const provider = toApiProvider(row);
  const plan = await planSignIn(db, row, provider, claims);
  const { verdict, user } = plan;
  return {
    provider: row.name,
    idTokenClaims,
    userinfoClaims: userinfo,
    username: user ? user.username : await uniqueUsername(db, verdict.username),
    email: verdict.email,
    emailVerified: verdict.emailVerified,
    groups: verdict.groups,
    // Without admin groups a sign-in leaves an existing user's role alone.
    isAdmin: provider.adminGroups.length === 0 && user ? user.is_admin === 1 : verdict.isAdmin,
    allowed: plan.reasons.length === 0,
    reasons: plan.reasons,
    existingUser: user?.username ?? null,
    subject: plan.key.subject,
    issuer: plan.issuer,
  };
}

/** A test's outcome, for the admin who started it only; others (and expired tests) get a 404. */
export async function findTestOutcome(
  db: Kysely<Database>,
  id: string,
  userId: string,
): Promise<TestSignInOutcome> {
  const row = await db
    .selectFrom('sso_test_results')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('expires_at', '>', Date.now())
    .executeTakeFirst();
  if (!row?.outcome) throw notFound('This test sign-in result (it expires after 15 minutes)');
  const outcome = JSON.parse(row.outcome) as Pick<TestSignInOutcome, 'result' | 'error' | 'code'>;
  return { id: row.id, createdAt: row.created_at, ...outcome };
}
