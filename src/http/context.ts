import type { Config } from '../config.ts';
import type { Db } from '../db/create-db.ts';
import type { SessionRow, UserRow } from '../db/schema.ts';
import type { Permissions } from '../shared/roles.ts';

/** Who a console request speaks for, once a guard has resolved it. */
export interface Auth {
  user: UserRow & { group_name: string };
  session: SessionRow;
  /** Set when an API token (not a console session) authenticated the request (src/automation/bearer.ts). */
  apiToken?: { id: string; name: string };
  /** What the user's role lets them do in the console (src/roles/); `requireArea` decides from it. */
  permissions: Permissions;
}

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    config: Config;
  }
  interface FastifyRequest {
    auth: Auth | null;
  }
}
