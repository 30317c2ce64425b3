import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import { AppError } from '../errors.ts';
import { ErrorResponse } from '../shared/common.ts';

const Status = Type.Object({ status: Type.Literal('ok') });

/** Liveness and readiness, for operators, load balancers and tests. */
export const systemRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/healthz', { schema: { tags: ['system'], response: { 200: Status } } }, async () => ({
    status: 'ok' as const,
  }));

  app.get(
    '/readyz',
    { schema: { tags: ['system'], response: { 200: Status, 503: ErrorResponse } } },
    async () => {
      try {
        await sql`select 1`.execute(app.db.kysely);
      } catch {
        throw new AppError('INTERNAL', 503, 'The database is not reachable.');
      }
      return { status: 'ok' as const };
    },
  );
};
