import type pg from 'pg';
import { lazyRequire } from '../system/lazy-module.ts';

/** `pg`, loaded only when the database is PostgreSQL (issue 14: on SQLite it was 15 MB of idle RSS). */
export const loadPg = lazyRequire<typeof pg>('pg');
