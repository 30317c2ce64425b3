import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorResponse } from '../shared/common.ts';
import { readinessChecker } from './readiness.ts';

const Status = Type.Object({ status: Type.Literal('ok') });

/** Liveness and readiness, for operators, load balancers and tests. */
export const systemRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/healthz', { schema: { tags: ['system'], response: { 200: Status } } }, async () => ({
    status: 'ok' as const,
  }));

  const checkReadiness = readinessChecker(app.db);
  // Answered here rather than thrown: a probe is not a person's request, so it is not counted in the outage.
  app.get(
    '/readyz',
    { schema: { tags: ['system'], response: { 200: Status, 503: ErrorResponse } } },
    async (_request, reply) => {
      const fault = await checkReadiness();
      if (!fault) return { status: 'ok' as const };
      return reply
        .code(503)
        .header('retry-after', String(fault.retryAfter))
        .send({ error: fault.message, code: fault.code });
    },
  );
};
