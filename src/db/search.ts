import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';

/**
 * `lower(column) LIKE %term%` with LIKE wildcards in the term escaped, the same on SQLite and
 * PostgreSQL (both honour an explicit ESCAPE clause; only PostgreSQL has a default one).
 */
export function containsIgnoreCase(column: Expression<string>, term: string): RawBuilder<SqlBool> {
  const pattern = `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`lower(${column}) like ${pattern} escape '\\'`;
}
